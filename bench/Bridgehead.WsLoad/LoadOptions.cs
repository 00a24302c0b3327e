using System.Globalization;

namespace Bridgehead.WsLoad;

/// <summary>What the load looks like: how many browsers, how often they refresh, for how long.</summary>
internal sealed record LoadOptions
{
    public required Uri Url { get; init; }

    public int Connections { get; init; } = 10_000;

    /// <summary>Every connection re-REGISTERs this often (spread evenly over the period).</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Expires asked for: longer than the refresh, as browsers do.</summary>
    public int Expires { get; init; } = 120;

    /// <summary>How fast connections are opened and first registered.</summary>
    public int RampPerSecond { get; init; } = 1000;

    /// <summary>The measured steady phase.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Idle settling time after the ramp, before the steady phase starts (memory is read then).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    public static LoadOptions Parse(string[] args)
    {
        string? Get(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new LoadOptions
        {
            Url = new Uri(Get("--url") ?? throw new ArgumentException("--url ws://127.0.0.1:PORT is required")),
            Connections = Int("--connections", 10_000),
            Refresh = TimeSpan.FromSeconds(Int("--refresh", 60)),
            Expires = Int("--expires", 120),
            RampPerSecond = Int("--ramp", 1000),
            Duration = TimeSpan.FromSeconds(Int("--duration", 120)),
            Settle = TimeSpan.FromSeconds(Int("--settle", 10)),
        };
    }
}
