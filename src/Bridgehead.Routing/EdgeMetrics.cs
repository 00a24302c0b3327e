using System.Diagnostics.Metrics;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing;

/// <summary>Instruments of the edge (bridgehead.sip.*). Tags are bounded: method, status class, reason enum.</summary>
public sealed class EdgeMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _local;
    private readonly Counter<long> _branchFailures;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create("Bridgehead.Routing");
        _requests = _meter.CreateCounter<long>("bridgehead.sip.requests", description: "Requests received, by method");
        _responses = _meter.CreateCounter<long>("bridgehead.sip.responses", description: "Responses received, by status class");
        _rejected = _meter.CreateCounter<long>("bridgehead.sip.rejected", description: "Malformed requests answered with 400/505, by reason");
        _dropped = _meter.CreateCounter<long>("bridgehead.sip.dropped", description: "Messages dropped unanswered, by reason");
        _forwarded = _meter.CreateCounter<long>("bridgehead.sip.forwarded", description: "Requests and responses forwarded");
        _local = _meter.CreateCounter<long>("bridgehead.sip.local_responses", description: "Responses the edge generated itself, by status class");
        _branchFailures = _meter.CreateCounter<long>("bridgehead.sip.branch_failures", description: "Forwarded requests that timed out or failed to send");
    }

    internal void Received(SipMessage message)
    {
        if (message.IsRequest)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("method", Method(message.Method)));
        }
        else
        {
            _responses.Add(1, new KeyValuePair<string, object?>("class", StatusClass(message.StatusCode)));
        }
    }

    internal void Rejected(SipParseError error) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", error.ToString()));

    internal void Dropped(SipParseError error) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", error.ToString()));

    internal void Forwarded(SipMethod method) =>
        _forwarded.Add(1, new KeyValuePair<string, object?>("kind", "request"), new KeyValuePair<string, object?>("method", Method(method)));

    internal void ResponseForwarded(int status) =>
        _forwarded.Add(1, new KeyValuePair<string, object?>("kind", "response"), new KeyValuePair<string, object?>("class", StatusClass(status)));

    internal void Responded(int status) => _local.Add(1, new KeyValuePair<string, object?>("class", StatusClass(status)));

    internal void BranchFailed(TransactionFailure failure) =>
        _branchFailures.Add(1, new KeyValuePair<string, object?>("reason", failure == TransactionFailure.Timeout ? "timeout" : "transport"));

    public void Dispose() => _meter.Dispose();

    private static string Method(SipMethod method) => method == SipMethod.Unknown ? "other" : method.ToText();

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        < 600 => "5xx",
        _ => "6xx",
    };
}
