using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace Bridgehead.RelayLoad;

/// <summary>
/// A prepared array of struct mmsghdr (LP64 Linux layout: 64 octets each) with one iovec and one
/// sockaddr_in per message, all in pinned memory and built once: a send only writes the packet
/// bytes and their length, a receive only reads them back.
/// </summary>
internal sealed class MessageVector : IDisposable
{
    private const int HeaderSize = 64;
    private const int NameOffset = 0;
    private const int NameLengthOffset = 8;
    private const int IovOffset = 16;
    private const int IovLengthOffset = 24;
    private const int MessageLengthOffset = 56;
    private const int IovSize = 16;
    private const int AddressSize = 16;

    private readonly byte[] _headers;
    private readonly byte[] _iovs;
    private readonly byte[] _addresses;
    private readonly byte[] _buffers;
    private readonly GCHandle[] _pins;
    private readonly nint _headersAddress;
    private readonly nint _iovsAddress;
    private readonly nint _buffersAddress;

    public MessageVector(int count, int bufferSize)
    {
        Count = count;
        BufferSize = bufferSize;
        _headers = new byte[count * HeaderSize];
        _iovs = new byte[count * IovSize];
        _addresses = new byte[count * AddressSize];
        _buffers = new byte[count * bufferSize];
        _pins = [GCHandle.Alloc(_headers, GCHandleType.Pinned), GCHandle.Alloc(_iovs, GCHandleType.Pinned),
                 GCHandle.Alloc(_addresses, GCHandleType.Pinned), GCHandle.Alloc(_buffers, GCHandleType.Pinned)];
        _headersAddress = _pins[0].AddrOfPinnedObject();
        _iovsAddress = _pins[1].AddrOfPinnedObject();
        var addresses = _pins[2].AddrOfPinnedObject();
        _buffersAddress = _pins[3].AddrOfPinnedObject();
        for (var i = 0; i < count; i++)
        {
            var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
            WritePointer(header[NameOffset..], addresses + (i * AddressSize));
            BinaryPrimitives.WriteUInt32LittleEndian(header[NameLengthOffset..], AddressSize);
            WritePointer(header[IovOffset..], _iovsAddress + (i * IovSize));
            WritePointer(header[IovLengthOffset..], 1);
            var iov = _iovs.AsSpan(i * IovSize, IovSize);
            WritePointer(iov, _buffersAddress + (i * bufferSize));
            WritePointer(iov[8..], bufferSize);
        }
    }

    public int Count { get; }

    public int BufferSize { get; }

    /// <summary>The native address of message <paramref name="index"/>, for a batch that starts there.</summary>
    public nint At(int index) => _headersAddress + (index * HeaderSize);

    public Span<byte> Buffer(int index) => _buffers.AsSpan(index * BufferSize, BufferSize);

    /// <summary>Sets where message <paramref name="index"/> goes (IPv4).</summary>
    public void SetDestination(int index, IPEndPoint destination)
    {
        var address = _addresses.AsSpan(index * AddressSize, AddressSize);
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, 2); // AF_INET, host order
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)destination.Port);
        destination.Address.TryWriteBytes(address[4..8], out _);
    }

    /// <summary>The length of the datagram in message <paramref name="index"/> (set before a send).</summary>
    public void SetLength(int index, int length) => WritePointer(_iovs.AsSpan((index * IovSize) + 8), length);

    /// <summary>Before a receive: every buffer whole again, and room for the source address.</summary>
    public void ResetForReceive(int count)
    {
        for (var i = 0; i < count; i++)
        {
            SetLength(i, BufferSize);
            BinaryPrimitives.WriteUInt32LittleEndian(_headers.AsSpan((i * HeaderSize) + NameLengthOffset), AddressSize);
        }
    }

    /// <summary>After recvmmsg: octets received into message <paramref name="index"/>.</summary>
    public int ReceivedLength(int index) => (int)BinaryPrimitives.ReadUInt32LittleEndian(_headers.AsSpan((index * HeaderSize) + MessageLengthOffset));

    public void Dispose()
    {
        foreach (var pin in _pins)
        {
            pin.Free();
        }
    }

    private static void WritePointer(Span<byte> target, nint value) => BinaryPrimitives.WriteInt64LittleEndian(target, value);
}
