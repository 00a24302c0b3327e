namespace Bridgehead.Hosting;

/// <summary>What the command line said about the server, before configuration files and environment are merged.</summary>
internal sealed record EdgeSettings
{
    public string? ConfigFile { get; init; }

    public string? DataDirectory { get; init; }

    public IReadOnlyList<string> Listen { get; init; } = [];

    public IReadOnlyList<string> Domains { get; init; } = [];

    public bool? Auth { get; init; }

    public string? DefaultRoute { get; init; }

    public string? LogLevel { get; init; }

    /// <summary>The management API's endpoint ("127.0.0.1:8088", or "off").</summary>
    public string? Management { get; init; }

    /// <summary>The default listeners of `bridgehead run`: SIP on 5060/5061 and browsers on WSS 7443 (the generated certificate).</summary>
    public static readonly string[] DefaultListen = ["udp:0.0.0.0:5060", "tcp:0.0.0.0:5060", "tls:0.0.0.0:5061", "wss:0.0.0.0:7443"];
}
