using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Pool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridgehead.Benchmarks.Pool;

/// <summary>
/// One whole call through the edge's SIP core per operation (INVITE, 180, 200, ACK, BYE, 200; no
/// sockets), with the next hop chosen four ways: the default route (plain proxying), a dispatcher
/// set of three switches (round robin), the same set with one switch known down (the failover
/// case once health has caught up: the down switch is skipped, never tried), and a
/// load-balancer group (least-loaded, resources taken on 200 and given back on BYE). The
/// difference between the rows is what the pool costs per call; CPU/op (the process's CPU over
/// the run) is steadier than wall time on a shared machine.
/// </summary>
[Config(typeof(Storage.StorageBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class PoolCallBenchmarks
{
    private const int CallsPerInvoke = 4096;

    private BenchEdge _edge = null!;

    [Params("plain", "pool", "pool-one-down", "lb")]
    public string Mode { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        _edge = new BenchEdge(Mode);
        for (var i = 0; i < 2 * CallsPerInvoke; i++)
        {
            _edge.Call();
        }

        _edge.Flush();
    }

    [GlobalCleanup]
    public void Cleanup() => _edge.Dispose();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public void Call()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            _edge.Call();
        }

        // Ended transactions wait out timers J/K/L/M; let them go so the tables stay small.
        _edge.Flush();
    }

    /// <summary>The edge in memory with a sender that keeps only the last message to each side.</summary>
    private sealed class BenchEdge : IDisposable, IMeterFactory
    {
        private static readonly IPEndPoint Caller = IPEndPoint.Parse("198.51.100.10:5062");
        private static readonly IPEndPoint Switch = IPEndPoint.Parse("10.0.0.1:5060");
        private readonly ManualTime _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        private readonly LastSent _sender = new();
        private readonly TransactionLayer _transactions;
        private readonly SipEdge _edge;
        private long _call;

        public BenchEdge(string mode)
        {
            var proxy = new ProxyOptions { Domains = ["example.com"], DefaultRoute = mode == "plain" ? "sip:10.0.0.1:5060" : null };
            var catalog = new Catalog(new SipListenerInfo(1, SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5060"), "192.0.2.1", 5060));
            _transactions = new TransactionLayer(_sender, _time, Options.Create(new SipTimerOptions()), new TransactionMetrics(this));
            var local = new LocalAddresses(catalog, Options.Create(proxy));
            var registrar = new Registrar(new InMemoryLocationStore(), new LocationTable(), _time, Options.Create(new RegistrarOptions()), new NoLeases(), NullLogger<Registrar>.Instance);
            var auth = new DigestAuthenticator(new InMemorySubscriberStore(), _time, Options.Create(new AuthOptions { Enabled = false }), Options.Create(proxy), NullLogger<DigestAuthenticator>.Instance);
            var poolOptions = new PoolOptions();
            if (mode == "lb")
            {
                poolOptions.Rules = [new() { Group = 1, Resources = "pstn" }];
            }

            var options = Options.Create(poolOptions);
            var metrics = new PoolMetrics(this);
            var health = new HealthUpdater(new ConsecutiveFailuresHealthPolicy(3, 2), _time, metrics, NullLogger<HealthUpdater>.Instance);
            var ledger = new LoadBalancerLedger(new ResourceLoadPolicy(LoadBalancerMode.Absolute, new Random(1)));
            var state = new PoolState(_time, options, ledger, new Random(1));
            if (mode is "pool" or "pool-one-down")
            {
                state.Apply([.. Enumerable.Range(1, 3).Select(n => new DispatcherRecord(n, 1, $"sip:10.0.0.{n}:5060"))], []);
            }
            else if (mode == "lb")
            {
                state.Apply([], [.. Enumerable.Range(1, 3).Select(n => new LoadBalancerRecord(n, 1, $"sip:10.0.0.{n}:5060", "pstn=100000"))]);
            }

            if (mode == "pool-one-down")
            {
                var down = state.Current.Sets[1].Members[0].State;
                for (var i = 0; i < 3; i++)
                {
                    health.Report(down, HealthSignal.ProbeFailed, "bench");
                }
            }

            var router = new PoolRouter(state, health, ledger, new LoadBalancerCalls(ledger), metrics, options, _time);
            _edge = new SipEdge(_transactions, _sender, local, registrar, auth, new NextHop(_time), Options.Create(proxy), _time, new EdgeMetrics(this), NullLogger<SipEdge>.Instance, router);
        }

        public void Call()
        {
            var n = ++_call;
            var callId = $"bench-{n}@198.51.100.10";
            Receive(
                $"INVITE sip:9000@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK-i{n}\r\n" +
                $"From: <sip:alice@example.com>;tag=a{n}\r\nTo: <sip:9000@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n" +
                "Contact: <sip:alice@198.51.100.10:5062>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Caller);
            var vias = _sender.ToSwitchVias;
            var rr = "Record-Route: <sip:192.0.2.1:5060;lr>\r\n";
            var common = $"{vias}{rr}From: <sip:alice@example.com>;tag=a{n}\r\nTo: <sip:9000@example.com>;tag=s{n}\r\nCall-ID: {callId}\r\n";
            Receive($"SIP/2.0 180 Ringing\r\n{common}CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", Switch);
            Receive($"SIP/2.0 200 OK\r\n{common}CSeq: 1 INVITE\r\nContact: <sip:10.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n", Switch);
            var dialog = $"Route: <sip:192.0.2.1:5060;lr>\r\nFrom: <sip:alice@example.com>;tag=a{n}\r\nTo: <sip:9000@example.com>;tag=s{n}\r\nCall-ID: {callId}\r\nMax-Forwards: 70\r\n";
            Receive($"ACK sip:10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK-a{n}\r\n{dialog}CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", Caller);
            Receive($"BYE sip:10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK-b{n}\r\n{dialog}CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", Caller);
            Receive($"SIP/2.0 200 OK\r\n{_sender.ToSwitchVias}From: <sip:alice@example.com>;tag=a{n}\r\nTo: <sip:9000@example.com>;tag=s{n}\r\nCall-ID: {callId}\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", Switch);
        }

        public void Flush() => _time.Advance(TimeSpan.FromSeconds(40));

        public void Dispose() => _transactions.Dispose();

        public Meter Create(MeterOptions options) => new(options);

        private void Receive(string text, IPEndPoint from) =>
            _edge.OnMessage(Encoding.ASCII.GetBytes(text), new SipDestination(SipTransportKind.Udp, from, 0, 1));

        private sealed class LastSent : ISipSender
        {
            /// <summary>The Via lines of the last request sent to a switch, as its response carries them back.</summary>
            public string ToSwitchVias { get; private set; } = "";

            public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
            {
                var span = data.Span;
                if (!destination.EndPoint.Equals(Caller) && span[0] != (byte)'S' && !span.StartsWith("ACK"u8))
                {
                    var text = Encoding.ASCII.GetString(span);
                    var vias = new StringBuilder();
                    foreach (var line in text.Split("\r\n"))
                    {
                        if (line.StartsWith("Via:", StringComparison.Ordinal))
                        {
                            vias.Append(line).Append("\r\n");
                        }
                    }

                    ToSwitchVias = vias.ToString();
                }

                return SendOutcome.Sent;
            }
        }

        private sealed class Catalog(SipListenerInfo listener) : ISipListenerCatalog
        {
            public IReadOnlyList<SipListenerInfo> Listeners { get; } = [listener];
        }

        private sealed class NoLeases : IConnectionLeases
        {
            public void Extend(long connectionId, DateTimeOffset until)
            {
            }
        }
    }
}
