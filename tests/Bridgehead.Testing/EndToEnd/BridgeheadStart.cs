namespace Bridgehead.Testing.EndToEnd;

/// <summary>How to run `bridgehead run` for a test: flags, settings (as environment variables), a config file.</summary>
public sealed record BridgeheadStart
{
    public BridgeheadStart(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>The data folder (database, certificate, logs); passed as --data unless <see cref="DataFlag"/> is false.</summary>
    public string DataDirectory { get; init; }

    /// <summary>Whether --data is on the command line (false: the server uses ./data under <see cref="WorkingDirectory"/>).</summary>
    public bool DataFlag { get; init; } = true;

    /// <summary>--listen flags, e.g. udp:127.0.0.1:5070.</summary>
    public IReadOnlyList<string> Listen { get; init; } = [];

    /// <summary>Further arguments after `run` (--auth off, --domain example.com, ...).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Configuration keys such as "Sip:Transport:MaxMessageSize", given as BRIDGEHEAD_Sip__Transport__MaxMessageSize.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>A JSON file for --config.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The server's working directory; the data folder's parent when unset.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Listeners that must answer before the server counts as started (same form as --listen);
    /// <see cref="Listen"/> when unset, or the built-in defaults when that is empty too.
    /// </summary>
    public IReadOnlyList<string>? Probes { get; init; }

    /// <summary>The defaults of `bridgehead run` with no arguments.</summary>
    public static IReadOnlyList<string> DefaultListeners { get; } = ["udp:127.0.0.1:5060", "tcp:127.0.0.1:5060", "tls:127.0.0.1:5061"];

    public string EffectiveWorkingDirectory => WorkingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(DataDirectory))!;

    public IReadOnlyList<string> EffectiveProbes => Probes ?? (Listen.Count > 0 ? Listen : DefaultListeners);

    public IEnumerable<string> CommandLine()
    {
        yield return "run";
        if (DataFlag)
        {
            yield return "--data";
            yield return DataDirectory;
        }

        if (ConfigFile is not null)
        {
            yield return "--config";
            yield return ConfigFile;
        }

        foreach (var l in Listen)
        {
            yield return "--listen";
            yield return l;
        }

        foreach (var a in Arguments)
        {
            yield return a;
        }
    }

    /// <summary>
    /// Settings every test server gets unless the test sets them: the embedded application node,
    /// its control endpoint and the management API take free ports, so servers of tests that run
    /// at the same time never fight over the fixed defaults (5080, 5081, 8088). The node gets a
    /// real port number because the edge's default route names it.
    /// </summary>
    public static Dictionary<string, string> IsolatingDefaults() => new()
    {
        ["AppNode:Listen"] = $"udp:127.0.0.1:{FreePorts.Next()}",
        ["AppNode:Control"] = "127.0.0.1:0",
        ["Management:Listen"] = "127.0.0.1:0",
    };

    public Dictionary<string, string?> EnvironmentVariables()
    {
        var effective = IsolatingDefaults();
        foreach (var (key, value) in Settings)
        {
            effective[key] = value;
        }

        return effective.ToDictionary(s => "BRIDGEHEAD_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => (string?)s.Value);
    }
}
