namespace Bridgehead.Tests.Stun;

/// <summary>Reads the public STUN vectors from tests/vectors/ (found by walking up to Bridgehead.slnx).</summary>
internal static class StunVectors
{
    public const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    public static byte[] Read(string relativePath)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllBytes(Path.Combine(dir.FullName, "tests", "vectors", relativePath));
    }
}
