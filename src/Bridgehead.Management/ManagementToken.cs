using System.Security.Cryptography;
using System.Text;

namespace Bridgehead.Management;

/// <summary>
/// The management API's bearer token: 256 random bits in a file of the data folder, created on
/// the server's first start and readable by its owner only (0600), so that whoever may read the
/// data folder may manage the server — the CLI on the same host reads it from there.
/// </summary>
public static class ManagementToken
{
    public const string FileName = "management.token";

    /// <summary>The file the running server writes its management URL to, for the CLI to find.</summary>
    public const string UrlFileName = "management.url";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Reads the token, creating the file first when there is none.</summary>
    public static string LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        if (TryRead(path) is { } existing)
        {
            return existing;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
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
            // Another process (a second server on the same folder) created it first: use its token.
            return TryRead(path) ?? throw new InvalidDataException($"{path} is empty");
        }

        return token;
    }

    /// <summary>The token in a file, or null when the file does not exist or is empty.</summary>
    public static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Compares a presented token with the real one in constant time.</summary>
    public static bool Matches(string expected, ReadOnlySpan<char> presented)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Span<byte> a = stackalloc byte[64];
        Span<byte> b = stackalloc byte[64];
        if (presented.Length > 64 || expected.Length > 64)
        {
            return false;
        }

        var na = Encoding.ASCII.GetBytes(expected, a);
        var nb = Encoding.ASCII.GetBytes(presented, b);
        return na == nb & CryptographicOperations.FixedTimeEquals(a, b);
    }
}
