using System.Security.Cryptography;
using System.Text;

namespace Bridgehead.AppNode.Hosting;

/// <summary>
/// The bearer token of the node's control endpoint: 256 random bits in a file of the data folder
/// (0600), created on first start, so whoever may read the data folder may originate calls — the
/// CLI on the same host reads it from there. The endpoint's URL is written beside it.
/// </summary>
public static class ControlToken
{
    public const string FileName = "appnode.token";
    public const string UrlFileName = "appnode.url";

    public static string LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (TryRead(path) is { } existing)
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
        }
        catch (IOException) when (File.Exists(path))
        {
            return TryRead(path) ?? throw new InvalidDataException($"{path} is empty");
        }

        return token;
    }

    public static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : text;
    }

    public static bool Matches(string expected, string? presented)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        var a = Encoding.ASCII.GetBytes(expected);
        var b = Encoding.ASCII.GetBytes(presented);
        return a.Length == b.Length && CryptographicOperations.FixedTimeEquals(a, b);
    }
}
