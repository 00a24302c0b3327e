using System.Diagnostics.Metrics;
using Bridgehead.Dtls;
using Bridgehead.Relay.Forwarding;

namespace Bridgehead.Relay;

/// <summary>Why a session ended (the <c>reason</c> tag of bridgehead.relay.sessions.ended).</summary>
public enum SessionEndReason
{
    /// <summary>An ng delete (the proxy saw BYE, CANCEL or a failure).</summary>
    Deleted,

    /// <summary>No media and no signalling for <see cref="RelayOptions.MediaTimeout"/>.</summary>
    Timeout,

    /// <summary>The relay stopped.</summary>
    Shutdown,
}

/// <summary>
/// The relay's instruments, on one meter. Packet counts are observed from the workers' own
/// counters when a collector asks, so the per-packet path pays for no instrument. Tags are
/// bounded: kind, reason, outcome, command.
/// </summary>
public sealed class RelayMetrics
{
    public const string MeterName = "Bridgehead.Relay";

    private readonly Counter<long> _sessionsStarted;
    private readonly Counter<long> _sessionsEnded;
    private readonly Counter<long> _iceConnected;
    private readonly Counter<long> _dtlsHandshakes;
    private readonly Histogram<double> _dtlsDuration;
    private readonly Counter<long> _ngCommands;
    private MediaRelay? _relay;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("bridgehead.relay.packets", ObservePackets, "{packet}", "RTP and RTCP packets relayed, by kind");
        meter.CreateObservableCounter("bridgehead.relay.bytes", ObserveBytes, "By", "Octets relayed (as sent), by kind");
        meter.CreateObservableCounter("bridgehead.relay.drops", ObserveDrops, "{packet}", "Datagrams not relayed, by reason");
        meter.CreateObservableCounter("bridgehead.relay.ice.checks", ObserveChecks, "{check}", "ICE connectivity checks answered, by outcome (success, error)");
        meter.CreateObservableUpDownCounter("bridgehead.relay.sessions.active", () => _relay?.SessionCount ?? 0, "{session}", "Media sessions held");
        meter.CreateObservableUpDownCounter("bridgehead.relay.ports.used", () => _relay?.PortsInUse ?? 0, "{port}", "RTP/RTCP port pairs taken from the pools");
        _sessionsStarted = meter.CreateCounter<long>("bridgehead.relay.sessions.started", "{session}", "Media sessions created by an offer");
        _sessionsEnded = meter.CreateCounter<long>("bridgehead.relay.sessions.ended", "{session}", "Media sessions ended, by reason (deleted, timeout, shutdown)");
        _iceConnected = meter.CreateCounter<long>("bridgehead.relay.ice.connected", "{stream}", "Streams whose ICE peer passed its first connectivity check");
        _dtlsHandshakes = meter.CreateCounter<long>("bridgehead.relay.dtls.handshakes", "{handshake}", "DTLS-SRTP handshakes, by outcome (connected or the failure)");
        _dtlsDuration = meter.CreateHistogram<double>("bridgehead.relay.dtls.duration", "s", "Time from the first connectivity check to SRTP keys");
        _ngCommands = meter.CreateCounter<long>("bridgehead.relay.ng.commands", "{command}", "ng commands handled, by command and result");
    }

    internal void Observe(MediaRelay relay) => _relay = relay;

    internal void SessionStarted() => _sessionsStarted.Add(1);

    internal void SessionEnded(SessionEndReason reason) =>
        _sessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            SessionEndReason.Deleted => "deleted",
            SessionEndReason.Timeout => "timeout",
            _ => "shutdown",
        }));

    internal void IceConnected() => _iceConnected.Add(1);

    internal void DtlsHandshake(DtlsHandshakeResult result, TimeSpan elapsed)
    {
        var outcome = result.Succeeded ? "connected" : result.Failure.ToString().ToLowerInvariant();
        _dtlsHandshakes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (result.Succeeded)
        {
            _dtlsDuration.Record(elapsed.TotalSeconds);
        }
    }

    internal void NgCommand(string command, string result) =>
        _ngCommands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("result", result));

    private IEnumerable<Measurement<long>> ObservePackets()
    {
        if (_relay?.Totals() is not { } t)
        {
            return [];
        }

        return [new(t.RtpPackets, new KeyValuePair<string, object?>("kind", "rtp")), new(t.RtcpPackets, new KeyValuePair<string, object?>("kind", "rtcp"))];
    }

    private IEnumerable<Measurement<long>> ObserveBytes()
    {
        if (_relay?.Totals() is not { } t)
        {
            return [];
        }

        return [new(t.RtpBytes, new KeyValuePair<string, object?>("kind", "rtp")), new(t.RtcpBytes, new KeyValuePair<string, object?>("kind", "rtcp"))];
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        if (_relay?.Totals() is not { } t)
        {
            return [];
        }

        var result = new List<Measurement<long>>(DropReasons.Count);
        for (var i = 0; i < DropReasons.Count; i++)
        {
            result.Add(new(t.Drops[i], new KeyValuePair<string, object?>("reason", ((DropReason)i).ToTag())));
        }

        return result;
    }

    private IEnumerable<Measurement<long>> ObserveChecks()
    {
        if (_relay?.Totals() is not { } t)
        {
            return [];
        }

        return [new(t.StunAnswered, new KeyValuePair<string, object?>("outcome", "success")), new(t.StunRejected, new KeyValuePair<string, object?>("outcome", "error"))];
    }
}
