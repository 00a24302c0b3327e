using System.Globalization;
using System.Net;

namespace Bridgehead.RelayLoad;

/// <summary>What kind of media the calls carry.</summary>
internal enum MediaMode
{
    /// <summary>RTP/AVP on both legs: the relay only forwards.</summary>
    Plain,

    /// <summary>The caller's leg is SDES-keyed SRTP (RTP/SAVP), the callee's plain RTP: the relay decrypts one way and encrypts the other.</summary>
    Srtp,
}

/// <summary>The load: how many two-way calls, at what packet rate, for how long, against which relay.</summary>
internal sealed record LoadOptions
{
    public const int MaxCalls = 5000;

    public required IPEndPoint Ng { get; init; }

    /// <summary>The relay process whose CPU time is read from /proc (0: not measured).</summary>
    public int RelayPid { get; init; }

    public int Calls { get; init; } = 200;

    /// <summary>Packets per second per direction per call: 50 is G.711 at 20 ms.</summary>
    public int PacketsPerSecond { get; init; } = 50;

    public MediaMode Mode { get; init; } = MediaMode.Plain;

    /// <summary>Media sent before the measured window opens (latching, JIT, buffers settle).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The measured window.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Payload octets per packet: 160 is 20 ms of G.711.</summary>
    public int Payload { get; init; } = 160;

    public static LoadOptions Parse(string[] args)
    {
        string? Get(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Seconds(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var options = new LoadOptions
        {
            Ng = IPEndPoint.Parse(Get("--ng") ?? "127.0.0.1:22222"),
            RelayPid = Int("--pid", 0),
            Calls = Int("--calls", 200),
            PacketsPerSecond = Int("--pps", 50),
            Mode = Get("--mode") is { } mode ? Enum.Parse<MediaMode>(mode, ignoreCase: true) : MediaMode.Plain,
            Warmup = TimeSpan.FromSeconds(Seconds("--warmup", 2)),
            Duration = TimeSpan.FromSeconds(Seconds("--duration", 20)),
            Payload = Int("--payload", 160),
        };

        // Bounded in count and time, whatever is asked.
        if (options.Calls is < 1 or > MaxCalls || options.PacketsPerSecond is < 1 or > 1000
            || options.Duration <= TimeSpan.Zero || options.Duration > TimeSpan.FromMinutes(10)
            || options.Warmup < TimeSpan.Zero || options.Warmup > TimeSpan.FromMinutes(1)
            || options.Payload is < 0 or > 1200)
        {
            throw new ArgumentException($"Out of bounds: calls 1..{MaxCalls}, pps 1..1000, duration up to 600 s, warmup up to 60 s, payload up to 1200 octets.");
        }

        return options;
    }
}
