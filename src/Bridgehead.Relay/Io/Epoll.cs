using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Bridgehead.Relay.Io;

/// <summary>
/// The few Linux calls the packet loop needs: an epoll set (epoll(7)) over the media sockets and
/// an eventfd to wake it for control work. .NET's own socket engine waits on epoll too, but
/// completes every receive on the thread pool (a hop per packet that doubles the CPU cost at relay
/// rates, bench/README.md); here the waiting thread itself receives, forwards and sends.
/// </summary>
[SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code, which the solution disallows; these signatures are blittable.")]
[SuppressMessage("Security", "CA5392", Justification = "libc is resolved by the dynamic loader, as for every process.")]
internal static class Epoll
{
    public const uint In = 0x001;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    private const string Libc = "libc.so.6";
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int ControlAdd = 1;
    private const int ControlDelete = 2;

    /// <summary>x86-64's struct epoll_event is packed (12 bytes); other architectures align the data (16).</summary>
    public static bool PackedEvents { get; } = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    public static int Create()
    {
        var fd = epoll_create1(CloseOnExec);
        return fd >= 0 ? fd : throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static int CreateEventFd()
    {
        var fd = eventfd(0, CloseOnExec | NonBlocking);
        return fd >= 0 ? fd : throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static bool Add(int epollFd, int fd, ulong data)
    {
        if (PackedEvents)
        {
            var e = new PackedEvent { Events = In, Data = data };
            return epoll_ctl(epollFd, ControlAdd, fd, ref e) == 0;
        }

        var n = new NaturalEvent { Events = In, Data = data };
        return epoll_ctl(epollFd, ControlAdd, fd, ref n) == 0;
    }

    public static void Remove(int epollFd, int fd)
    {
        // The event argument is ignored for EPOLL_CTL_DEL but must not be null before Linux 2.6.9.
        if (PackedEvents)
        {
            var e = default(PackedEvent);
            _ = epoll_ctl(epollFd, ControlDelete, fd, ref e);
        }
        else
        {
            var n = default(NaturalEvent);
            _ = epoll_ctl(epollFd, ControlDelete, fd, ref n);
        }
    }

    /// <summary>Waits for ready descriptors; returns how many entries of the buffer were filled (0 on timeout or EINTR).</summary>
    public static int Wait(int epollFd, EventBuffer buffer, int timeoutMilliseconds)
    {
        // The first element by reference: the array is pinned for the call and filled in place. As
        // an [Out] array parameter it was marshalled instead, a native copy allocated, copied back
        // and freed on every wake-up.
        var count = PackedEvents
            ? epoll_wait(epollFd, ref buffer.Packed![0], buffer.Capacity, timeoutMilliseconds)
            : epoll_wait(epollFd, ref buffer.Natural![0], buffer.Capacity, timeoutMilliseconds);
        return Math.Max(count, 0);
    }

    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, ref one, 8);
    }

    public static void Drain(int eventFd)
    {
        _ = read(eventFd, out _, 8);
    }

    public static void Close(int fd) => _ = close(fd);

    [DllImport(Libc, SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport(Libc, SetLastError = true)]
    private static extern int eventfd(uint initialValue, int flags);

    [DllImport(Libc, SetLastError = true)]
    private static extern int epoll_ctl(int epollFd, int operation, int fd, ref PackedEvent e);

    [DllImport(Libc, SetLastError = true)]
    private static extern int epoll_ctl(int epollFd, int operation, int fd, ref NaturalEvent e);

    // The calls below are on the packet loop or never report their errno: no SetLastError, which
    // would save errno after every call.
    [DllImport(Libc)]
    private static extern int epoll_wait(int epollFd, ref PackedEvent events, int maxEvents, int timeout);

    [DllImport(Libc)]
    private static extern int epoll_wait(int epollFd, ref NaturalEvent events, int maxEvents, int timeout);

    [DllImport(Libc)]
    private static extern nint write(int fd, ref ulong value, nint count);

    [DllImport(Libc)]
    private static extern nint read(int fd, out ulong value, nint count);

    [DllImport(Libc)]
    private static extern int close(int fd);

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct PackedEvent
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct NaturalEvent
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>A reusable array of events in the layout of this architecture.</summary>
    internal sealed class EventBuffer(int capacity)
    {
        public int Capacity { get; } = capacity;

        public PackedEvent[]? Packed { get; } = PackedEvents ? new PackedEvent[capacity] : null;

        public NaturalEvent[]? Natural { get; } = PackedEvents ? null : new NaturalEvent[capacity];

        public ulong DataAt(int index) => Packed is not null ? Packed[index].Data : Natural![index].Data;
    }
}
