using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Sip.Transactions;

/// <summary>A transaction layer on a fake clock with a recording sender.</summary>
internal sealed class TransactionLayerFixture : IDisposable
{
    private readonly ScopedMeterFactory _meters = new();

    public TransactionLayerFixture(SipTimerOptions? timers = null)
    {
        Timers = timers ?? new SipTimerOptions();
        Metrics = new TransactionMetrics(_meters);
        Layer = new TransactionLayer(Sender, Time, Options.Create(Timers), Metrics);
    }

    public FakeTimeProvider Time { get; } = new(TestSipEdge.Start);

    public RecordingSipSender Sender { get; } = new();

    public SipTimerOptions Timers { get; }

    public TransactionMetrics Metrics { get; }

    public TransactionLayer Layer { get; }

    public static SipDestination UdpFrom(string endPoint) =>
        new(SipTransportKind.Udp, System.Net.IPEndPoint.Parse(endPoint), 0, FixedListenerCatalog.UdpV4);

    public static SipDestination TcpFrom(string endPoint, long connectionId = 7) =>
        new(SipTransportKind.Tcp, System.Net.IPEndPoint.Parse(endPoint), connectionId, FixedListenerCatalog.TcpV4);

    public RequestDisposition Receive(SipMessageBuilder request, SipDestination source, out ServerTransaction? transaction, out ServerTransaction? cancelled) =>
        Layer.ReceiveRequest(request.Parse(), source, out transaction, out cancelled);

    public RequestDisposition Receive(SipMessageBuilder request, SipDestination source, out ServerTransaction? transaction) =>
        Receive(request, source, out transaction, out _);

    /// <summary>Answers a request on its server transaction the way the edge does.</summary>
    public static void Respond(ServerTransaction transaction, int status, string reason = "Status")
    {
        var bytes = SipResponses.Simple(transaction.Request, status, reason, transaction.Source.EndPoint, status > 100 ? "srv"u8 : default);
        transaction.SendResponse(status, bytes);
    }

    public ClientTransaction StartClient(SipMessageBuilder request, SipDestination destination, RecordingOwner owner)
    {
        var parsed = request.Parse();
        return Layer.StartClient(request.Build(), parsed.Method, parsed.CSeq.MethodToken.ToArray(), Encoding.ASCII.GetBytes(request.Branch), destination, owner);
    }

    public void Dispose()
    {
        Metrics.Dispose();
        _meters.Dispose();
    }
}

/// <summary>A transaction user that records what its client transactions pass up.</summary>
internal sealed class RecordingOwner : IClientTransactionOwner
{
    public List<int> Responses { get; } = [];

    public List<TransactionFailure> Failures { get; } = [];

    public void OnResponse(ClientTransaction transaction, SipMessage response) => Responses.Add(response.StatusCode);

    public void OnFailure(ClientTransaction transaction, TransactionFailure failure) => Failures.Add(failure);
}
