using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Relay.Forwarding;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay.Io;

/// <summary>
/// One packet thread: it waits on an epoll set holding the sockets of its calls, reads one
/// datagram from each ready socket, lets the <see cref="Forwarder"/> relay it, and between
/// batches runs the work session control posted. Readiness is level-triggered, so a socket with
/// a second datagram queued is simply reported again on the next wait. Nothing on the packet
/// path allocates: one receive buffer, one <c>SocketAddress</c>, and registrations found by slot.
/// </summary>
internal sealed partial class EpollWorker : IMediaWorker, IDisposable
{
    // RTP fits an Ethernet frame; anything up to the UDP maximum is still read whole, with room
    // after it for the SRTP trailer a protect adds.
    private const int BufferSize = 65536 + 256;
    private const int EventsPerWait = 64;
    private const ulong WakeToken = ulong.MaxValue;

    // No timeout: Dispose and every post wake the thread through the eventfd, and an endless wait
    // sleeps without arming a timer that each wake-up would then cancel.
    private const int WaitForever = -1;

    private readonly int _epoll;
    private readonly int _eventFd;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly Epoll.EventBuffer _events = new(EventsPerWait);
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
    private readonly List<UdpMediaEndpoint?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly ForwardContext _context;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private uint _generation;
    private int _wakePending;

    public EpollWorker(int index, RelayEvents events, TimeProvider time, ILogger logger)
    {
        Index = index;
        _time = time;
        _logger = logger;
        _epoll = Epoll.Create();
        _eventFd = Epoll.CreateEventFd();
        if (!Epoll.Add(_epoll, _eventFd, WakeToken))
        {
            throw new InvalidOperationException("epoll_ctl could not add the wake-up eventfd.");
        }

        _context = new ForwardContext(this, events, time);
        _thread = new Thread(Run) { IsBackground = true, Name = $"relay-worker-{index}" };
    }

    public int Index { get; }

    public WorkerCounters Counters => _context.Counters;

    public int AttachedEndpoints { get; private set; }

    public void Start() => _thread.Start();

    public void Post(Action work)
    {
        _work.Enqueue(work);

        // One eventfd write per batch of posts is enough to wake the thread.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            Epoll.Signal(_eventFd);
        }
    }

    public void Attach(MediaEndpoint endpoint)
    {
        var udp = (UdpMediaEndpoint)endpoint;
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AddSlot();
        udp.Slot = slot;
        udp.Generation = ++_generation;
        _slots[slot] = udp;
        if (!Epoll.Add(_epoll, udp.FileDescriptor, ((ulong)udp.Generation << 32) | (uint)slot))
        {
            _slots[slot] = null;
            _freeSlots.Push(slot);
            Log.AttachFailed(_logger, endpoint.ToString());
            return;
        }

        AttachedEndpoints++;
    }

    public void Detach(MediaEndpoint endpoint)
    {
        var udp = (UdpMediaEndpoint)endpoint;
        if (udp.Slot >= 0 && ReferenceEquals(_slots[udp.Slot], udp))
        {
            Epoll.Remove(_epoll, udp.FileDescriptor);
            _slots[udp.Slot] = null;
            _freeSlots.Push(udp.Slot);
            udp.Slot = -1;
            AttachedEndpoints--;
        }

        udp.Path = null;
        udp.Dispose();
    }

    public void Dispose()
    {
        _stopping = true;
        Epoll.Signal(_eventFd);
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(5)))
        {
            // The thread still receives and sends on its ports without a handle reference (it is
            // the one that closes them), so they stay open rather than risk a reused descriptor.
            Log.StopTimedOut(_logger, Index);
            return;
        }

        RunPostedWork();
        foreach (var endpoint in _slots)
        {
            endpoint?.Dispose();
        }

        Epoll.Close(_eventFd);
        Epoll.Close(_epoll);
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }

    private void Run()
    {
        var source = new SocketAddress(AddressFamily.InterNetworkV6);
        var source4 = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stopping)
        {
            var count = Epoll.Wait(_epoll, _events, WaitForever);
            _context.Now = _time.GetTimestamp();
            _context.UtcNow = _time.GetUtcNow();

            // Session work first: a change posted before a packet arrived (an answer that gives
            // the far end's address) must apply to that packet, even when both wake us at once.
            for (var i = 0; i < count; i++)
            {
                if (_events.DataAt(i) == WakeToken)
                {
                    // Drain, then clear: cleared first, a post landing in between would signal
                    // and have its signal drained here while the flag stayed set, and every later
                    // post would then skip the signal: a lost wake-up that lasted until the next
                    // packet (and, on a worker without media yet, forever). A full fence, so
                    // the queue is read after the flag is cleared.
                    Epoll.Drain(_eventFd);
                    Interlocked.Exchange(ref _wakePending, 0);
                    break;
                }
            }

            RunPostedWork();
            for (var i = 0; i < count; i++)
            {
                var data = _events.DataAt(i);
                if (data == WakeToken)
                {
                    continue;
                }

                var slot = (int)(uint)data;
                if (slot >= _slots.Count || _slots[slot] is not { } endpoint || endpoint.Generation != (uint)(data >> 32))
                {
                    continue;
                }

                var address = endpoint.AddressFamily == AddressFamily.InterNetwork ? source4 : source;
                var length = endpoint.Receive(_buffer, address);
                if (length < 0)
                {
                    continue;
                }

                try
                {
                    Forwarder.Process(endpoint, _buffer, length, address, _context);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug must cost one packet, not every call on this thread.
                    _context.Counters.Drop(DropReason.InternalError);
                    Log.ForwardFailed(_logger, endpoint.ToString(), e);
                }
            }
        }
    }

    private void RunPostedWork()
    {
        // Bounded, so a flood of posts cannot starve the packets.
        for (var i = 0; i < 1024 && _work.TryDequeue(out var work); i++)
        {
            try
            {
                work();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.WorkFailed(_logger, Index, e);
            }
        }

        if (!_work.IsEmpty && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            Epoll.Signal(_eventFd);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Media port {Endpoint} could not be added to the worker's epoll set")]
        public static partial void AttachFailed(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Forwarding a packet received on {Endpoint} failed")]
        public static partial void ForwardFailed(ILogger logger, string endpoint, Exception exception);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Session work on relay worker {Worker} failed")]
        public static partial void WorkFailed(ILogger logger, int worker, Exception exception);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Relay worker {Worker} did not stop within 5 s; its ports are left open")]
        public static partial void StopTimedOut(ILogger logger, int worker);
    }
}
