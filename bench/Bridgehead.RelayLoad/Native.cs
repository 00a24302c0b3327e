using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Bridgehead.RelayLoad;

/// <summary>
/// Batch socket calls (sendmmsg(2), recvmmsg(2)) and poll(2): one system call moves a whole
/// slot of packets, so the generator spends a fraction of what the relay spends per packet.
/// </summary>
[SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code, which the solution disallows; these signatures are blittable.")]
[SuppressMessage("Security", "CA5392", Justification = "libc is resolved by the dynamic loader, as for every process.")]
internal static class Native
{
    public const int DontWait = 0x40;
    public const short PollIn = 0x001;
    public const int WouldBlock = 11;
    public const int Interrupted = 4;

    private const string Libc = "libc.so.6";

    /// <summary>Sends <paramref name="count"/> messages of a prepared vector; returns how many went, or -1.</summary>
    [DllImport(Libc, SetLastError = true)]
    public static extern int sendmmsg(int fd, nint messages, uint count, int flags);

    [DllImport(Libc, SetLastError = true)]
    public static extern int recvmmsg(int fd, nint messages, uint count, int flags, nint timeout);

    [DllImport(Libc, SetLastError = true)]
    public static extern int poll([In, Out] PollFd[] fds, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
