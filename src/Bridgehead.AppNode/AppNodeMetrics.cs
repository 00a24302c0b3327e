using System.Diagnostics.Metrics;

namespace Bridgehead.AppNode;

/// <summary>Instruments of the application node (bridgehead.appnode.*); tags are bounded (application, direction, outcome).</summary>
public sealed class AppNodeMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _rtpReceived;
    private readonly Counter<long> _rtpSent;
    private readonly Counter<long> _registrations;
    private int _active;

    public AppNodeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create("Bridgehead.AppNode");
        _calls = _meter.CreateCounter<long>("bridgehead.appnode.calls", description: "Calls answered or placed, by application, direction and outcome");
        _rtpReceived = _meter.CreateCounter<long>("bridgehead.appnode.rtp.received", description: "RTP packets received by calls that ended");
        _rtpSent = _meter.CreateCounter<long>("bridgehead.appnode.rtp.sent", description: "RTP packets sent by calls that ended");
        _registrations = _meter.CreateCounter<long>("bridgehead.appnode.registrations", description: "REGISTER requests answered, by status class");
        _meter.CreateObservableGauge("bridgehead.appnode.calls.active", () => Volatile.Read(ref _active), description: "Calls up now");
    }

    public int ActiveCalls => Volatile.Read(ref _active);

    internal void CallStarted() => Interlocked.Increment(ref _active);

    internal void CallEnded(string application, bool outbound, string outcome, long received, long sent)
    {
        Interlocked.Decrement(ref _active);
        _calls.Add(1, new("application", application), new("direction", outbound ? "outbound" : "inbound"), new("outcome", outcome));
        _rtpReceived.Add(received);
        _rtpSent.Add(sent);
    }

    internal void CallRefused(string outcome, bool outbound) =>
        _calls.Add(1, new("application", "none"), new("direction", outbound ? "outbound" : "inbound"), new("outcome", outcome));

    internal void Registered(int status) => _registrations.Add(1, new KeyValuePair<string, object?>("status", $"{status / 100}xx"));

    public void Dispose() => _meter.Dispose();
}
