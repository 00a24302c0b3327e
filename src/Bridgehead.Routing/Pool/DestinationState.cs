using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The runtime state of one destination (one switch address), shared by every dispatcher and
/// load-balancer row that names it and kept across reloads: its resolved address, its health
/// (written only by <see cref="HealthUpdater"/>), and counters of what was sent to it.
/// </summary>
public sealed class DestinationState
{
    private DestinationHealth _health;
    private SipDestination? _destination;
    private long _forwarded;
    private long _answered;
    private long _failed;
    private long _probes;
    private readonly Lock _gate = new();

    public DestinationState(string key, SipUri uri, DateTimeOffset now)
    {
        Key = key;
        Uri = uri;
        _health = DestinationHealth.Initial(now);
    }

    /// <summary>The URI in canonical form ("sip:10.0.0.10:5060;transport=udp"): the identity across rows and reloads.</summary>
    public string Key { get; }

    public SipUri Uri { get; }

    public DestinationHealth Health
    {
        get => Volatile.Read(ref _health);
        internal set => Volatile.Write(ref _health, value);
    }

    /// <summary>Where requests go; null until a host name resolved (IP literals are known at once).</summary>
    public SipDestination? Destination
    {
        get
        {
            lock (_gate)
            {
                return _destination;
            }
        }

        internal set
        {
            lock (_gate)
            {
                _destination = value;
            }
        }
    }

    /// <summary>Whether probes say it is usable (unknown counts as usable).</summary>
    public bool IsHealthy => Health.Status != HealthStatus.Down;

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long Answered => Interlocked.Read(ref _answered);

    public long Failed => Interlocked.Read(ref _failed);

    public long Probes => Interlocked.Read(ref _probes);

    internal void CountForwarded() => Interlocked.Increment(ref _forwarded);

    internal void CountAnswered() => Interlocked.Increment(ref _answered);

    internal void CountFailed() => Interlocked.Increment(ref _failed);

    internal void CountProbe() => Interlocked.Increment(ref _probes);

    /// <summary>The canonical key of a destination URI: scheme, lower-case host, port and transport made explicit.</summary>
    public static string KeyOf(in SipUri uri)
    {
        var transport = Proxy.NextHop.TransportOf(uri);
        var host = System.Text.Encoding.ASCII.GetString(uri.Host.Span).ToLowerInvariant();
        var scheme = uri.Scheme == UriScheme.Sips ? "sips" : "sip";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{scheme}:{host}:{uri.PortOrDefault(transport)};transport={transport.Scheme()}");
    }
}
