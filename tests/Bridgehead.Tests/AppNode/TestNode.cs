using System.Net;
using Bridgehead.AppNode;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Registrar;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.AppNode;

/// <summary>An application node with a recording SIP sender, in-memory RTP sockets and a fake clock.</summary>
internal sealed class TestNode : IDisposable
{
    private readonly ScopedMeterFactory _meters = new();

    public TestNode(Action<AppNodeOptions>? configure = null)
    {
        var options = new AppNodeOptions { Edge = "sip:127.0.0.1:5060" };
        configure?.Invoke(options);
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Transactions = new TransactionLayer(Sender, Time, Microsoft.Extensions.Options.Options.Create(new SipTimerOptions()), new TransactionMetrics(_meters));
        Registrations = new RegistrationTable();
        Clock = new MediaClock(Time);
        Node = new ApplicationNode(Transactions, new AppNodeRegistrar(wrapped, Registrations), Rtp, Clock, new SipIdGenerator(new Random(7)), Time, wrapped, new AppNodeMetrics(_meters), NullLogger<ApplicationNode>.Instance);
        Node.Bind(new LocalContact(SipTransportKind.Udp, "127.0.0.1", 5080), IPAddress.Loopback);
    }

    public AppNodeOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingSipSender Sender { get; } = new();

    public FakeRtpSockets Rtp { get; } = new();

    public TransactionLayer Transactions { get; }

    public RegistrationTable Registrations { get; }

    public MediaClock Clock { get; }

    public ApplicationNode Node { get; }

    public static SipDestination Edge => new(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5060"));

    public void Receive(SipMessageBuilder message, SipDestination? from = null) => Node.OnMessage(message.Build(), from ?? Edge);

    public void Dispose()
    {
        Node.Dispose();
        Clock.Dispose();
        Transactions.Dispose();
        _meters.Dispose();
    }
}

/// <summary>RTP sockets in memory: what the node sends is recorded; tests push packets in.</summary>
internal sealed class FakeRtpSockets : IRtpSocketFactory
{
    private int _port = 30000;

    public List<FakeRtpSocket> Opened { get; } = [];

    public IRtpSocket? Open(IPAddress address)
    {
        var socket = new FakeRtpSocket(new IPEndPoint(address, _port));
        _port += 2;
        Opened.Add(socket);
        return socket;
    }
}

internal sealed class FakeRtpSocket(IPEndPoint local) : IRtpSocket
{
    private IRtpReceiver? _receiver;

    public IPEndPoint LocalEndPoint { get; } = local;

    public List<(byte[] Packet, IPEndPoint To)> Sent { get; } = [];

    public bool Disposed { get; private set; }

    public void Start(IRtpReceiver receiver) => _receiver = receiver;

    public bool Send(ReadOnlySpan<byte> packet, IPEndPoint destination)
    {
        lock (Sent)
        {
            Sent.Add((packet.ToArray(), destination));
        }

        return true;
    }

    public void Deliver(byte[] packet, IPEndPoint source) => _receiver!.OnRtp(packet, source);

    public void Dispose() => Disposed = true;
}
