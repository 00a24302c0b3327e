using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Bridgehead.Relay.Io;

/// <summary>
/// recvfrom(2) and sendto(2) called directly on a media socket's descriptor. The SocketAddress
/// overloads of <see cref="System.Net.Sockets.Socket"/> allocate nothing either, but go through
/// recvmsg/sendmsg with a message header built per call, blocking-mode bookkeeping and exception
/// translation, a visible share of the relay's 1–2 µs of user time per packet
/// (bench/load/relay_load.md). The
/// buffers are passed by reference, which pins them for the call, and the addresses are the raw
/// sockaddr bytes a <see cref="System.Net.SocketAddress"/> holds on Linux.
/// </summary>
[SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code, which the solution disallows; these signatures are blittable.")]
[SuppressMessage("Security", "CA5392", Justification = "libc is resolved by the dynamic loader, as for every process.")]
internal static class DatagramCalls
{
    private const string Libc = "libc.so.6";

    /// <summary>Bytes read, or -1 (EAGAIN after a spurious wake-up, or a socket error).</summary>
    public static int ReceiveFrom(int fd, Span<byte> buffer, Span<byte> address, out int addressLength)
    {
        addressLength = address.Length;
        var read = recvfrom(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0, ref MemoryMarshal.GetReference(address), ref addressLength);
        return (int)read;
    }

    /// <summary>True when the kernel took the whole datagram.</summary>
    public static bool SendTo(int fd, ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> address) =>
        sendto(fd, ref MemoryMarshal.GetReference(datagram), datagram.Length, 0, ref MemoryMarshal.GetReference(address), address.Length) == datagram.Length;

    // No SetLastError: nothing reads errno (EAGAIN and errors both mean "no datagram" / "not
    // sent"), and saving it costs a call on every packet.
    [DllImport(Libc)]
    private static extern nint recvfrom(int fd, ref byte buffer, nint length, int flags, ref byte address, ref int addressLength);

    [DllImport(Libc)]
    private static extern nint sendto(int fd, ref readonly byte buffer, nint length, int flags, ref readonly byte address, int addressLength);
}
