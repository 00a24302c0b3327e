using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Relay.Io;

/// <summary>
/// The packet side of the relay as session control sees it: it opens ports and hands each call
/// to a worker. The real one is <see cref="EpollMediaIo"/>; unit tests use an in-memory one that
/// runs the same forwarder without sockets.
/// </summary>
internal interface IMediaIo : IDisposable
{
    int WorkerCount { get; }

    IMediaWorker GetWorker(int index);

    /// <summary>Binds a port of an interface; null when something else holds it.</summary>
    MediaEndpoint? TryOpen(RelayInterface relayInterface, int port, bool isRtcp);

    void Start();
}

/// <summary>
/// A thread that owns the per-packet state of the calls given to it. Session control never
/// touches that state directly: it posts the change, and the worker applies it between packets.
/// </summary>
internal interface IMediaWorker
{
    int Index { get; }

    /// <summary>Counters of everything this worker forwarded or dropped.</summary>
    WorkerCounters Counters { get; }

    /// <summary>Runs <paramref name="work"/> on the worker thread, after the packets already read.</summary>
    void Post(Action work);

    /// <summary>Starts receiving on an endpoint. Worker thread only.</summary>
    void Attach(MediaEndpoint endpoint);

    /// <summary>Stops receiving on an endpoint and closes it. Worker thread only.</summary>
    void Detach(MediaEndpoint endpoint);
}
