using System.Net;
using System.Text;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Pool;
using Bridgehead.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RegistrarService = Bridgehead.Routing.Registrar.Registrar;

namespace Bridgehead.Tests.Routing.Pool;

/// <summary>
/// A whole <see cref="SipEdge"/> with a switch pool, in memory: the real transaction layer,
/// proxy, registrar and pool, a sender that records what would go on the wire, one UDP listener
/// at 192.0.2.1:5060, local domain example.com, authentication off, and a fake clock.
/// </summary>
internal sealed class PoolEdge : IDisposable
{
    public static readonly IPEndPoint Caller = IPEndPoint.Parse("198.51.100.10:5062");

    private readonly TestMeterFactory _meters = new();
    private int _callSequence;

    public PoolEdge(Action<PoolOptions>? configure = null, int seed = 7, Action<ProxyOptions>? proxyOptions = null)
    {
        Options = new PoolOptions();
        configure?.Invoke(Options);
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var proxy = new ProxyOptions { Domains = ["example.com"] };
        proxyOptions?.Invoke(proxy);
        var listener = new SipListenerInfo(1, SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5060"), "192.0.2.1", 5060);
        var catalog = new Catalog([listener]);
        Transactions = new TransactionLayer(Sender, Time, Microsoft.Extensions.Options.Options.Create(new SipTimerOptions()), new TransactionMetrics(_meters));
        var local = new LocalAddresses(catalog, Microsoft.Extensions.Options.Options.Create(proxy));
        var registrar = new RegistrarService(new InMemoryLocationStore(), new LocationTable(), Time, Microsoft.Extensions.Options.Options.Create(new RegistrarOptions()), new NoLeases(), NullLogger<RegistrarService>.Instance);
        var auth = new DigestAuthenticator(new InMemorySubscriberStore(), Time, Microsoft.Extensions.Options.Options.Create(new AuthOptions { Enabled = false }), Microsoft.Extensions.Options.Options.Create(proxy), NullLogger<DigestAuthenticator>.Instance);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Metrics = new PoolMetrics(_meters);
        Health = new HealthUpdater(new ConsecutiveFailuresHealthPolicy(Options.Health.FailuresToDown, Options.Health.SuccessesToUp), Time, Metrics, NullLogger<HealthUpdater>.Instance);
        Ledger = new LoadBalancerLedger(new ResourceLoadPolicy(Options.LoadBalancer.Mode, new Random(seed)));
        Calls = new LoadBalancerCalls(Ledger);
        State = new PoolState(Time, options, Ledger, new Random(seed));
        Router = new PoolRouter(State, Health, Ledger, Calls, Metrics, options, Time);
        Edge = new SipEdge(Transactions, Sender, local, registrar, auth, new NextHop(Time), Microsoft.Extensions.Options.Options.Create(proxy), Time,
            new EdgeMetrics(_meters), NullLogger<SipEdge>.Instance, Router);
        Prober = new OptionsProber(State, Transactions, local, new NextHop(Time), Health, options, Microsoft.Extensions.Options.Options.Create(proxy), Time, Metrics, NullLogger<OptionsProber>.Instance);
    }

    public PoolOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public RecordingSender Sender { get; } = new();

    public TransactionLayer Transactions { get; }

    public PoolState State { get; }

    public PoolRouter Router { get; }

    public HealthUpdater Health { get; }

    public LoadBalancerLedger Ledger { get; }

    public LoadBalancerCalls Calls { get; }

    public PoolMetrics Metrics { get; }

    public OptionsProber Prober { get; }

    public SipEdge Edge { get; }

    /// <summary>The Via branch of the last INVITE from the caller (a CANCEL must carry it).</summary>
    public string LastBranch { get; private set; } = "";

    /// <summary>The caller cancels its last INVITE (RFC 3261 §9.1).</summary>
    public void CancelLast(string callId, int n = 1) =>
        Receive(
            $"CANCEL sip:9000@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch={LastBranch}\r\n" +
            $"From: <sip:alice@example.com>;tag=caller{n}\r\nTo: <sip:9000@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
            Caller);

    public static string Switch(int n) => $"sip:10.0.0.{n}:5060";

    public static IPEndPoint SwitchEndPoint(int n) => IPEndPoint.Parse($"10.0.0.{n}:5060");

    /// <summary>Loads dispatcher set 1 with switches 1..<paramref name="count"/>.</summary>
    public void LoadSet(int count, Func<int, DispatcherRecord, DispatcherRecord>? shape = null) =>
        State.Apply([.. Enumerable.Range(1, count).Select(n => shape?.Invoke(n, new DispatcherRecord(n, 1, Switch(n))) ?? new DispatcherRecord(n, 1, Switch(n)))], []);

    /// <summary>Loads load-balancer group 1 with switches 1..<paramref name="count"/> offering <paramref name="resources"/>.</summary>
    public void LoadGroup(int count, string resources) =>
        State.Apply([], [.. Enumerable.Range(1, count).Select(n => new LoadBalancerRecord(n, 1, Switch(n), resources))]);

    /// <summary>An INVITE from alice to 9000 (not a registered user) arrives from the caller.</summary>
    public string Invite(string user = "9000", string from = "alice", string? callId = null)
    {
        var n = Interlocked.Increment(ref _callSequence);
        callId ??= $"call-{n}@198.51.100.10";
        LastBranch = $"z9hG4bK-caller-{n}";
        var text =
            $"INVITE sip:{user}@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 198.51.100.10:5062;branch={LastBranch}\r\n" +
            $"From: <sip:{from}@example.com>;tag=caller{n}\r\n" +
            $"To: <sip:{user}@example.com>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:alice@198.51.100.10:5062>\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n";
        Receive(text, Caller);
        return callId;
    }

    public void Receive(string text, IPEndPoint from) =>
        Edge.OnMessage(Encoding.ASCII.GetBytes(text), new SipDestination(SipTransportKind.Udp, from, 0, 1));

    /// <summary>A switch answers the request it was sent (the last one of that method to it).</summary>
    public void Answer(SentMessage request, int status, string reason, string toTag = "sw")
    {
        var m = request.Message;
        var sb = new StringBuilder();
        sb.Append(CultureInfoText($"SIP/2.0 {status} {reason}\r\n"));
        foreach (var via in m.Values(HeaderId.Via))
        {
            sb.Append("Via: ").Append(Encoding.ASCII.GetString(via.Span)).Append("\r\n");
        }

        foreach (var rr in m.Values(HeaderId.RecordRoute))
        {
            sb.Append("Record-Route: ").Append(Encoding.ASCII.GetString(rr.Span)).Append("\r\n");
        }

        sb.Append("From: ").Append(Encoding.ASCII.GetString(m.FirstValue(HeaderId.From))).Append("\r\n");
        sb.Append("To: ").Append(Encoding.ASCII.GetString(m.FirstValue(HeaderId.To))).Append(status > 100 ? $";tag={toTag}" : "").Append("\r\n");
        sb.Append("Call-ID: ").Append(Encoding.ASCII.GetString(m.FirstValue(HeaderId.CallId))).Append("\r\n");
        sb.Append("CSeq: ").Append(Encoding.ASCII.GetString(m.FirstValue(HeaderId.CSeq))).Append("\r\n");
        sb.Append("Contact: <").Append(request.Destination.EndPoint.Address).Append(':').Append(request.Destination.EndPoint.Port).Append(">\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        Receive(sb.ToString(), request.Destination.EndPoint);
    }

    /// <summary>Moves the clock in 100 ms steps, so every timer fires at its own moment.</summary>
    public void Advance(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromMilliseconds(100))
        {
            Time.Advance(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
        }
    }

    public void Dispose()
    {
        Prober.Dispose();
        Transactions.Dispose();
        Metrics.Dispose();
        _meters.Dispose();
    }

    private static string CultureInfoText(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Catalog(IReadOnlyList<SipListenerInfo> listeners) : ISipListenerCatalog
    {
        public IReadOnlyList<SipListenerInfo> Listeners => listeners;
    }

    private sealed class NoLeases : IConnectionLeases
    {
        public void Extend(long connectionId, DateTimeOffset until)
        {
        }
    }
}

/// <summary>One message the edge sent, parsed.</summary>
internal sealed record SentMessage(SipDestination Destination, SipMessage Message)
{
    public int Status => Message.StatusCode;

    public bool IsRequest(SipMethod method) => Message.IsRequest && Message.Method == method;

    public string CallId => Encoding.ASCII.GetString(Message.CallId.Span);
}

/// <summary>A sender that keeps what it was given, in order.</summary>
internal sealed class RecordingSender : ISipSender
{
    private readonly List<SentMessage> _sent = [];

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
    {
        var message = SipMessage.Parse(data.ToArray()).Message ?? throw new InvalidOperationException("the edge sent bytes that do not parse");
        message.Validate();
        lock (_sent)
        {
            _sent.Add(new SentMessage(destination, message));
        }

        return SendOutcome.Sent;
    }

    /// <summary>Requests of a method sent to switches (anything but the caller), in order, retransmissions folded.</summary>
    public List<SentMessage> ToSwitches(SipMethod method)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SentMessage>();
        foreach (var s in Sent)
        {
            if (s.IsRequest(method) && !s.Destination.EndPoint.Equals(PoolEdge.Caller)
                && seen.Add(Encoding.ASCII.GetString(s.Message.TopVia.Branch.Span)))
            {
                result.Add(s);
            }
        }

        return result;
    }

    /// <summary>Final and provisional statuses the caller got, in order, retransmissions included.</summary>
    public List<int> ToCaller() => [.. Sent.Where(s => s.Message.IsResponse && s.Destination.EndPoint.Equals(PoolEdge.Caller)).Select(s => s.Status)];

    public void Clear()
    {
        lock (_sent)
        {
            _sent.Clear();
        }
    }
}
