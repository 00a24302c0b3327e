using System.Diagnostics.Metrics;
using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>Instruments of the transaction layer (bridgehead.sip.transactions.*).</summary>
public sealed class TransactionMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _created;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _absorbed;
    private readonly Counter<long> _failures;
    private TransactionLayer? _layer;

    public TransactionMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create("Bridgehead.Sip.Transactions");
        _created = _meter.CreateCounter<long>("bridgehead.sip.transactions.created", description: "Transactions created, by side and method");
        _retransmissions = _meter.CreateCounter<long>("bridgehead.sip.transactions.retransmissions", description: "Requests and responses retransmitted by timers A, E and G");
        _absorbed = _meter.CreateCounter<long>("bridgehead.sip.transactions.absorbed", description: "Retransmitted requests absorbed or answered from the transaction");
        _failures = _meter.CreateCounter<long>("bridgehead.sip.transactions.failures", description: "Transactions ended by timeout or transport error");
        _meter.CreateObservableGauge("bridgehead.sip.transactions.active", () => new[]
        {
            new Measurement<int>(_layer?.ServerCount ?? 0, new KeyValuePair<string, object?>("side", "server")),
            new Measurement<int>(_layer?.ClientCount ?? 0, new KeyValuePair<string, object?>("side", "client")),
        });
    }

    internal void Observe(TransactionLayer layer) => _layer = layer;

    internal void Created(bool client, SipMethod method) =>
        _created.Add(1, new KeyValuePair<string, object?>("side", client ? "client" : "server"), new KeyValuePair<string, object?>("method", MethodTag(method)));

    internal void Retransmitted(bool client) => _retransmissions.Add(1, new KeyValuePair<string, object?>("side", client ? "client" : "server"));

    internal void Absorbed() => _absorbed.Add(1);

    internal void Failed(TransactionFailure failure) =>
        _failures.Add(1, new KeyValuePair<string, object?>("reason", failure == TransactionFailure.Timeout ? "timeout" : "transport"));

    public void Dispose() => _meter.Dispose();

    private static string MethodTag(SipMethod method) => method == SipMethod.Unknown ? "other" : method.ToText();
}
