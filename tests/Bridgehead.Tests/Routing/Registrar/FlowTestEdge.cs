using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Storage.Location;
using Bridgehead.Storage.Memory;
using Bridgehead.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RegistrarService = Bridgehead.Routing.Registrar.Registrar;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>
/// The edge (SipEdge, registrar, in-memory location) over the real connection table, on a fake
/// clock and without sockets: connections are SipConnections writing into pipes nobody reads, and
/// whatever the edge sends is recorded.
/// </summary>
internal sealed class FlowTestEdge : IDisposable
{
    public static readonly IPEndPoint EdgeWs = new(IPAddress.Loopback, 8080);
    public static readonly IPEndPoint EdgeUdp = new(IPAddress.Loopback, 5060);

    private readonly TestMeterFactory _meters = new();

    public FlowTestEdge(TimeSpan idleTimeout, RegistrarOptions? registrar = null, string? defaultRoute = null, PoolOptions? pool = null, bool auth = false)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        Listeners = new SipListenerSet([ListenAddress.Parse($"udp:{EdgeUdp}"), ListenAddress.Parse($"ws:{EdgeWs}")]);
        Store = new GatedLocationStore();
        var transportOptions = new SipTransportOptions { IdleTimeout = idleTimeout };
        Table = new SipConnectionTable(Options.Create(transportOptions), Time, [new Observer(this)], new SipTransportMetrics(_meters), NullLogger<SipConnectionTable>.Instance);
        Registrar = new RegistrarService(Store, new Bridgehead.Routing.Registrar.LocationTable(), Time, Options.Create(registrar ?? new RegistrarOptions()), new Leases(Table), NullLogger<RegistrarService>.Instance);
        var proxy = Options.Create(new ProxyOptions { DefaultRoute = defaultRoute });
        var catalog = new Catalog(
        [
            new SipListenerInfo(1, SipTransportKind.Udp, EdgeUdp, "127.0.0.1", EdgeUdp.Port),
            new SipListenerInfo(2, SipTransportKind.Ws, EdgeWs, "127.0.0.1", EdgeWs.Port),
        ]);
        var transactions = new TransactionLayer(Sender, Time, Options.Create(new SipTimerOptions()), new TransactionMetrics(_meters));
        var authenticator = new DigestAuthenticator(Subscribers, Time, Options.Create(new AuthOptions { Enabled = auth }), proxy, NullLogger<DigestAuthenticator>.Instance);
        if (pool is not null)
        {
            var poolOptions = Options.Create(pool);
            var metrics = new PoolMetrics(_meters);
            PoolHealth = new HealthUpdater(new ConsecutiveFailuresHealthPolicy(pool.Health.FailuresToDown, pool.Health.SuccessesToUp), Time, metrics, NullLogger<HealthUpdater>.Instance);
            var ledger = new LoadBalancerLedger(new ResourceLoadPolicy(pool.LoadBalancer.Mode, new Random(7)));
            PoolState = new PoolState(Time, poolOptions, ledger, new Random(7));
            Pool = new PoolRouter(PoolState, PoolHealth, ledger, new LoadBalancerCalls(ledger), metrics, poolOptions, Time);
        }

        Edge = new SipEdge(transactions, Sender, new LocalAddresses(catalog, proxy), Registrar, authenticator, new NextHop(Time), proxy, Time, new EdgeMetrics(_meters), NullLogger<SipEdge>.Instance, Pool);
    }

    /// <summary>The switch pool, when one was asked for.</summary>
    public PoolRouter? Pool { get; }

    public PoolState? PoolState { get; }

    /// <summary>The pool's health updater (tests take switches down through it).</summary>
    public HealthUpdater? PoolHealth { get; }

    public FakeTimeProvider Time { get; }

    public SipListenerSet Listeners { get; }

    public GatedLocationStore Store { get; }

    public InMemorySubscriberStore Subscribers { get; } = new();

    public SipConnectionTable Table { get; }

    public RegistrarService Registrar { get; }

    public SipEdge Edge { get; }

    public RecordingSender Sender { get; } = new();

    /// <summary>Removal tasks started by connection closes.</summary>
    public List<Task> Removals { get; } = [];

    /// <summary>A browser's WebSocket connection, open in the table.</summary>
    public SipConnection OpenWebSocket(int remotePort)
    {
        SipConnection? connection = null;
        connection = new SipConnection(
            Table.NextId(),
            Listeners[1],
            new IPEndPoint(IPAddress.Loopback, remotePort),
            EdgeWs,
            isOutbound: false,
            Time,
            new Pipe().Writer,
            () => Table.Remove(connection!, SipConnectionCloseReason.RemoteClosed),
            1 << 20);
        Assert.True(Table.TryAdd(connection));
        return connection;
    }

    /// <summary>A message arrives on the connection: it counts as traffic, then the edge handles it.</summary>
    public void Receive(SipConnection connection, string message)
    {
        connection.MarkActivity();
        Edge.OnMessage(Encoding.UTF8.GetBytes(message), new SipDestination(connection.Transport, connection.RemoteEndPoint, connection.Id, 2));
    }

    /// <summary>A datagram arrives on the UDP listener.</summary>
    public void ReceiveUdp(IPEndPoint from, string message) =>
        Edge.OnMessage(Encoding.UTF8.GetBytes(message), new SipDestination(SipTransportKind.Udp, from, 0, 1));

    /// <summary>The peer closed the connection (the reader's end).</summary>
    public void CloseByPeer(SipConnection connection) => Table.Remove(connection, SipConnectionCloseReason.RemoteClosed);

    /// <summary>JsSIP's REGISTER (recipes/samples/jssip-register.sip) with the given expiry.</summary>
    public static string JsSipRegister(string user, string contactUser, string host, int cseq, int expires, string callId = "lb3dkv8ouejtao0q5siljh") =>
        $"REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS {host}.invalid;branch=z9hG4bK{cseq}x{expires}\r\nMax-Forwards: 69\r\n" +
        $"To: <sip:{user}@127.0.0.1>\r\nFrom: \"{user}\" <sip:{user}@127.0.0.1>;tag=79fhrarq8c\r\nCall-ID: {callId}\r\nCSeq: {cseq} REGISTER\r\n" +
        $"Expires: {expires}\r\nContact: <sip:{contactUser}@{host}.invalid;transport=ws>;+sip.ice;reg-id=1;" +
        $"+sip.instance=\"<urn:uuid:c3024c4c-9f5f-4231-95a1-3b81eb63cf91>\";expires={expires}\r\nSupported: path,gruu,outbound\r\nUser-Agent: JsSIP 3.13.8\r\nContent-Length: 0\r\n\r\n";

    /// <summary>An INVITE from a UDP softphone to a user of the edge.</summary>
    public static string Invite(string user, string branch) =>
        $"INVITE sip:{user}@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK{branch};rport\r\nMax-Forwards: 70\r\n" +
        $"To: <sip:{user}@127.0.0.1>\r\nFrom: <sip:carol@127.0.0.1>;tag=c1\r\nCall-ID: {branch}@softphone\r\nCSeq: 1 INVITE\r\n" +
        "Contact: <sip:carol@127.0.0.1:5090>\r\nContent-Length: 0\r\n\r\n";

    /// <summary>Makes the user a known subscriber (then an unreachable user gets 480, not 404).</summary>
    public void AddSubscriber(string user) =>
        Assert.True(Subscribers.AddOrUpdateAsync(new Bridgehead.Storage.Subscribers.SubscriberRecord(user, "bridgehead", new string('0', 32), new string('0', 64), null, Time.GetUtcNow()), CancellationToken.None).Result);

    public void Dispose()
    {
        Table.Dispose();
        _meters.Dispose();
    }

    /// <summary>The in-memory store, whose saves can be held back to look at the moment before they land.</summary>
    internal sealed class GatedLocationStore : ILocationStore
    {
        private readonly InMemoryLocationStore _inner = new();

        public TaskCompletionSource? Gate { get; set; }

        public Task<IReadOnlyList<BindingRecord>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.LoadAsync(now, cancellationToken);

        public async ValueTask SaveAsync(LocationChange change, CancellationToken cancellationToken)
        {
            if (Gate is { } gate)
            {
                await gate.Task.ConfigureAwait(false);
            }

            await _inner.SaveAsync(change, cancellationToken).ConfigureAwait(false);
        }

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.PurgeExpiredAsync(now, cancellationToken);
    }

    internal sealed class RecordingSender : ISipSender
    {
        private readonly ConcurrentQueue<(SipDestination Destination, SipMessage Message)> _sent = new();

        public IReadOnlyCollection<(SipDestination Destination, SipMessage Message)> Sent => _sent;

        public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
        {
            var message = SipMessage.Parse(data.ToArray()).Message!;
            Assert.Equal(SipParseError.None, message.Validate());
            _sent.Enqueue((destination, message));
            return SendOutcome.Sent;
        }

        public List<SipMessage> Responses(int status) => [.. _sent.Select(s => s.Message).Where(m => m.IsResponse && m.StatusCode == status)];

        public List<(SipDestination Destination, SipMessage Message)> Requests(SipMethod method) =>
            [.. _sent.Where(s => !s.Message.IsResponse && s.Message.Method == method)];
    }

    private sealed class Observer(FlowTestEdge edge) : ISipConnectionObserver
    {
        public void OnOpened(SipConnection connection)
        {
        }

        public void OnClosed(SipConnection connection, SipConnectionCloseReason reason) =>
            edge.Removals.Add(edge.Registrar.OnConnectionClosedAsync(connection.Id, CancellationToken.None));
    }

    private sealed class Leases(SipConnectionTable table) : Bridgehead.Routing.Registrar.IConnectionLeases
    {
        public void Extend(long connectionId, DateTimeOffset until) => table.ExtendLease(connectionId, until);
    }

    private sealed class Catalog(IReadOnlyList<SipListenerInfo> listeners) : ISipListenerCatalog
    {
        public IReadOnlyList<SipListenerInfo> Listeners => listeners;
    }
}
