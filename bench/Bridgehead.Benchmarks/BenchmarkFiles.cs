namespace Bridgehead.Benchmarks;

/// <summary>Input files kept beside the benchmarks, found from the repository root.</summary>
internal static class BenchmarkFiles
{
    public static byte[] Read(params string[] relativePath)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? throw new InvalidOperationException("Bridgehead.slnx not found above the benchmark binaries");
        return File.ReadAllBytes(Path.Combine([root, "bench", "Bridgehead.Benchmarks", .. relativePath]));
    }
}
