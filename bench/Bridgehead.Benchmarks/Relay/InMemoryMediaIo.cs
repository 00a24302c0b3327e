using System.Net;
using Bridgehead.Relay;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Benchmarks.Relay;

/// <summary>
/// The relay's packet side without sockets, for timing the forwarder alone: a delivered datagram
/// goes through the real <see cref="Forwarder"/>, and what it sends is copied to one buffer (the
/// last send is kept, nothing else). Session work runs at once on the caller's thread.
/// </summary>
internal sealed class InMemoryMediaIo : IMediaIo, IMediaWorker
{
    private readonly ForwardContext _context;
    private readonly TimeProvider _time;
    private readonly Dictionary<int, Endpoint> _open = [];
    private readonly byte[] _buffer = new byte[65536 + 256];

    public InMemoryMediaIo(RelayEvents events, TimeProvider time)
    {
        _time = time;
        _context = new ForwardContext(this, events, time);
    }

    public int WorkerCount => 1;

    public int Index => 0;

    public WorkerCounters Counters => _context.Counters;

    /// <summary>The datagram most recently sent, and from which port.</summary>
    public byte[] LastSent { get; } = new byte[65536 + 256];

    public int LastSentLength { get; private set; }

    public int LastSentFrom { get; private set; }

    public IMediaWorker GetWorker(int index) => this;

    public MediaEndpoint? TryOpen(RelayInterface relayInterface, int port, bool isRtcp)
    {
        var endpoint = new Endpoint(relayInterface, port, isRtcp, this);
        return _open.TryAdd(port, endpoint) ? endpoint : null;
    }

    public void Start()
    {
    }

    public void Post(Action work) => work();

    public void Attach(MediaEndpoint endpoint)
    {
    }

    public void Detach(MediaEndpoint endpoint)
    {
        _open.Remove(endpoint.Port);
        endpoint.Path = null;
    }

    /// <summary>Refreshes the batch clock, as the worker does after each epoll_wait.</summary>
    public void Tick()
    {
        _context.Now = _time.GetTimestamp();
        _context.UtcNow = _time.GetUtcNow();
    }

    /// <summary>A datagram from <paramref name="source"/> arrives at relay port <paramref name="port"/>.</summary>
    public void Deliver(int port, ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        datagram.CopyTo(_buffer);
        Forwarder.Process(_open[port], _buffer, datagram.Length, source, _context);
    }

    public void Dispose()
    {
    }

    private sealed class Endpoint(RelayInterface relayInterface, int port, bool isRtcp, InMemoryMediaIo io) : MediaEndpoint(relayInterface, port, isRtcp)
    {
        public override bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
        {
            datagram.CopyTo(io.LastSent);
            io.LastSentLength = datagram.Length;
            io.LastSentFrom = Port;
            return true;
        }

        public override void Dispose()
        {
        }
    }
}
