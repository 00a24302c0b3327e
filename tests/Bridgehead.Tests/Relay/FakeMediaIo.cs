using System.Net;
using Bridgehead.Relay;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Tests.Relay;

/// <summary>
/// The relay's packet side without sockets: ports are objects, "received" datagrams are handed to
/// the real <see cref="Forwarder"/> on the test's thread, and what it sends is recorded. Posted
/// session work runs at once, so a test sees the worker's state right after a command.
/// </summary>
internal sealed class FakeMediaIo : IMediaIo, IMediaWorker
{
    private readonly ForwardContext _context;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer = new byte[65536 + 256];

    public FakeMediaIo(RelayEvents events, TimeProvider time)
    {
        _time = time;
        _context = new ForwardContext(this, events, time);
    }

    /// <summary>Ports another program holds: binding them fails.</summary>
    public HashSet<int> Busy { get; } = [];

    /// <summary>Open ports by (interface, port).</summary>
    public Dictionary<(string Interface, int Port), FakeEndpoint> Open { get; } = [];

    public HashSet<FakeEndpoint> Attached { get; } = [];

    public List<Sent> Sends { get; } = [];

    public int WorkerCount => 1;

    public int Index => 0;

    public WorkerCounters Counters => _context.Counters;

    public IMediaWorker GetWorker(int index) => this;

    public MediaEndpoint? TryOpen(RelayInterface relayInterface, int port, bool isRtcp)
    {
        if (Busy.Contains(port) || Open.ContainsKey((relayInterface.Name, port)))
        {
            return null;
        }

        var endpoint = new FakeEndpoint(relayInterface, port, isRtcp, this);
        Open[(relayInterface.Name, port)] = endpoint;
        return endpoint;
    }

    public void Start()
    {
    }

    public void Post(Action work) => work();

    public void Attach(MediaEndpoint endpoint) => Attached.Add((FakeEndpoint)endpoint);

    public void Detach(MediaEndpoint endpoint)
    {
        Attached.Remove((FakeEndpoint)endpoint);
        endpoint.Path = null;
        endpoint.Dispose();
    }

    /// <summary>A datagram from <paramref name="from"/> arrives at port <paramref name="port"/> of the first interface.</summary>
    public void Deliver(int port, ReadOnlySpan<byte> datagram, IPEndPoint from, string relayInterface = "lo")
    {
        var endpoint = Open[(relayInterface, port)];
        Assert.Contains(endpoint, Attached);
        datagram.CopyTo(_buffer);
        _context.Now = _time.GetTimestamp();
        _context.UtcNow = _time.GetUtcNow();
        Forwarder.Process(endpoint, _buffer, datagram.Length, from.Serialize(), _context);
    }

    /// <summary>Takes what was sent since the last call.</summary>
    public List<Sent> TakeSends()
    {
        var sends = new List<Sent>(Sends);
        Sends.Clear();
        return sends;
    }

    public void Dispose()
    {
    }

    internal sealed record Sent(int FromPort, IPEndPoint To, byte[] Data);

    internal sealed class FakeEndpoint(RelayInterface relayInterface, int port, bool isRtcp, FakeMediaIo io) : MediaEndpoint(relayInterface, port, isRtcp)
    {
        public bool Disposed { get; private set; }

        public override bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
        {
            var to = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(destination);
            io.Sends.Add(new Sent(Port, to, datagram.ToArray()));
            return !Disposed;
        }

        public override void Dispose()
        {
            Disposed = true;
            io.Open.Remove((Interface.Name, Port));
        }
    }
}
