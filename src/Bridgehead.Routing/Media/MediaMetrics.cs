using System.Diagnostics.Metrics;
using Bridgehead.Ng;

namespace Bridgehead.Routing.Media;

/// <summary>Instruments of the edge's media hook (bridgehead.media.*). Tags: ng command and result, never a Call-ID.</summary>
public sealed class MediaMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _natFixed;
    private Func<int> _calls = static () => 0;

    public MediaMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create("Bridgehead.Routing.Media");
        _commands = _meter.CreateCounter<long>("bridgehead.media.commands", description: "ng commands sent to the relay, by command and result (ok, error, unavailable)");
        _duration = _meter.CreateHistogram<double>("bridgehead.media.command.duration", unit: "s", description: "Time from sending an ng command to its reply");
        _natFixed = _meter.CreateCounter<long>("bridgehead.media.nat_fixed", description: "SDP bodies of switches whose private addresses were replaced (fix_nated_sdp)");
        _meter.CreateObservableGauge("bridgehead.media.calls", () => _calls(), description: "Relayed calls the edge remembers");
    }

    internal void Observe(Func<int> calls) => _calls = calls;

    internal void Command(NgCommandKind kind, NgReply reply, TimeSpan elapsed)
    {
        var result = reply switch
        {
            NgErrorReply { ClientError: NgClientError.None } => "error",
            NgErrorReply => "unavailable",
            _ => "ok",
        };
        var command = new KeyValuePair<string, object?>("command", kind.ToCommandName());
        _commands.Add(1, command, new KeyValuePair<string, object?>("result", result));
        _duration.Record(elapsed.TotalSeconds, command);
    }

    internal void NatFixed() => _natFixed.Add(1);

    public void Dispose() => _meter.Dispose();
}
