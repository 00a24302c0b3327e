using System.Text.Json;

namespace Bridgehead.Tests.Rtp;

/// <summary>Reads the public SRTP vectors (tests/vectors/rfcNNNN/vectors.json).</summary>
internal static class RtpVectors
{
    public static JsonElement Load(string rfc)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var json = File.ReadAllText(Path.Combine(dir.FullName, "tests", "vectors", rfc, "vectors.json"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);
}
