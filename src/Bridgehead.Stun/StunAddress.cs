using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Stun;

/// <summary>
/// MAPPED-ADDRESS and XOR-MAPPED-ADDRESS values (RFC 8489 §14.1, §14.2): reserved byte, family
/// (1 = IPv4, 2 = IPv6), port, address; the XOR form masks the port with the cookie's top half and
/// the address with the cookie (IPv4) or the cookie followed by the transaction ID (IPv6).
/// </summary>
public static class StunAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Value length for the address's family; an IPv4-mapped IPv6 address counts as IPv4.</summary>
    public static int GetValueLength(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6 ? 8 : 20;

    /// <summary>
    /// Writes the attribute value into <paramref name="destination"/> without allocating; an
    /// IPv4-mapped IPv6 source (a dual-mode socket) is reported as the IPv4 address the peer used.
    /// </summary>
    public static int Write(Span<byte> destination, IPEndPoint endPoint, bool xor, ReadOnlySpan<byte> transactionId)
    {
        Span<byte> address = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(address, out var written))
        {
            return 0;
        }

        if (written == 16 && endPoint.Address.IsIPv4MappedToIPv6)
        {
            address.Slice(12, 4).CopyTo(address);
            written = 4;
        }

        var length = 4 + written;
        if (destination.Length < length)
        {
            return 0;
        }

        destination[0] = 0;
        destination[1] = written == 4 ? FamilyIPv4 : FamilyIPv6;
        var port = (ushort)endPoint.Port;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), xor ? (ushort)(port ^ (StunMessage.MagicCookie >> 16)) : port);
        var target = destination.Slice(4, written);
        address.Slice(0, written).CopyTo(target);
        if (xor)
        {
            ApplyMask(target, transactionId);
        }

        return length;
    }

    /// <summary>Decodes a value; false for an unknown family or a wrong length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, bool xor, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        var addressLength = value[1] switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength || (addressLength == 16 && transactionId.Length != StunMessage.TransactionIdLength && xor))
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2));
        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (int)(StunMessage.MagicCookie >> 16);
            ApplyMask(address, transactionId);
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    private static void ApplyMask(Span<byte> address, ReadOnlySpan<byte> transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        if (address.Length == 16)
        {
            transactionId.CopyTo(mask.Slice(4));
        }

        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }
    }
}
