using System.Xml.Linq;

namespace Bridgehead.Tests.Architecture;

/// <summary>
/// The dependency direction of ARCHITECTURE.md: a project references only projects of a lower
/// layer. This reads every .csproj under src/ and fails when an edge points sideways or up.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Bridgehead.Sip"] = 0,
        ["Bridgehead.Sdp"] = 0,
        ["Bridgehead.Stun"] = 0,
        ["Bridgehead.Rtp"] = 0,
        ["Bridgehead.Dtls"] = 0,
        ["Bridgehead.Codecs"] = 0,
        ["Bridgehead.Ng"] = 0,
        ["Bridgehead.Sip.Transactions"] = 1,
        ["Bridgehead.Sip.Transport"] = 1,
        ["Bridgehead.Storage"] = 1,
        ["Bridgehead.Routing"] = 2,
        ["Bridgehead.Relay"] = 2,
        ["Bridgehead.AppNode"] = 2,
        ["Bridgehead.Management"] = 3,
        ["Bridgehead"] = 4,
    };

    // Layer 0 is BCL only, except the one project that is allowed to see BouncyCastle and the
    // codec project that carries Concentus.
    private static readonly Dictionary<string, string[]> AllowedLayer0Packages = new(StringComparer.Ordinal)
    {
        ["Bridgehead.Dtls"] = ["BouncyCastle.Cryptography"],
        ["Bridgehead.Codecs"] = ["Concentus"],
    };

    [Fact]
    public void EveryProject_ReferencesOnlyLowerLayers()
    {
        var problems = new List<string>();
        foreach (var (name, doc) in SourceProjects())
        {
            Assert.True(Layers.ContainsKey(name), $"{name} has no layer in ARCHITECTURE.md's table");
            foreach (var reference in doc.Descendants("ProjectReference"))
            {
                var target = Path.GetFileNameWithoutExtension((string)reference.Attribute("Include")!);
                if (!Layers.TryGetValue(target, out var targetLayer))
                {
                    problems.Add($"{name} -> {target}: unknown project");
                }
                else if (targetLayer >= Layers[name])
                {
                    problems.Add($"{name} (layer {Layers[name]}) -> {target} (layer {targetLayer})");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Layer0Projects_UseNoFrameworkOrPackagesBeyondTheirAllowance()
    {
        var problems = new List<string>();
        foreach (var (name, doc) in SourceProjects())
        {
            if (Layers[name] != 0)
            {
                continue;
            }

            foreach (var framework in doc.Descendants("FrameworkReference"))
            {
                problems.Add($"{name} references framework {(string)framework.Attribute("Include")!}");
            }

            var allowed = AllowedLayer0Packages.GetValueOrDefault(name, []);
            foreach (var package in doc.Descendants("PackageReference"))
            {
                var id = (string)package.Attribute("Include")!;
                if (!allowed.Contains(id))
                {
                    problems.Add($"{name} references package {id}");
                }
            }
        }

        Assert.Empty(problems);
    }

    private static IEnumerable<(string Name, XDocument Doc)> SourceProjects()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            yield return (Path.GetFileNameWithoutExtension(file), XDocument.Load(file));
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bridgehead.slnx not found above the test binaries");
    }
}
