using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Routing.Media;

/// <summary>
/// fix_nated_sdp: a switch behind NAT writes its private address into c= and o=; with no relay in
/// the path the far end would send media nowhere (PRODUCT.md flow 4). Each such address of the
/// public address's family becomes the public address; every other byte is kept.
/// </summary>
public static class SdpNatFix
{
    /// <summary>The rewritten SDP, or null when no line named a private address.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> sdp, IPAddress publicAddress)
    {
        ArgumentNullException.ThrowIfNull(publicAddress);
        var family = publicAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6"u8 : "IP4"u8;
        Span<byte> replacement = stackalloc byte[64];
        if (!publicAddress.TryFormat(replacement, out var written))
        {
            return null;
        }

        replacement = replacement[..written];
        ArrayBufferWriter<byte>? output = null;
        var copied = 0;
        var position = 0;
        while (position < sdp.Length)
        {
            var end = sdp[position..].IndexOf((byte)'\n');
            var lineEnd = end < 0 ? sdp.Length : position + end;
            var line = sdp[position..lineEnd];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (AddressOf(line, family, out var start, out var length)
                && IPAddress.TryParse(System.Text.Encoding.ASCII.GetString(line.Slice(start, length)), out var address) && IsPrivate(address))
            {
                output ??= new ArrayBufferWriter<byte>(sdp.Length + 32);
                output.Write(sdp[copied..(position + start)]);
                output.Write(replacement);
                copied = position + start + length;
            }

            position = lineEnd + 1;
        }

        if (output is null)
        {
            return null;
        }

        output.Write(sdp[copied..]);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>RFC 1918, RFC 6598 (carrier-grade NAT), link-local, and IPv6 unique-local (RFC 4193) addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b6 = stackalloc byte[16];
            address.TryWriteBytes(b6, out _);
            return (b6[0] & 0xFE) == 0xFC || address.IsIPv6LinkLocal;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] == 10
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && (b[1] & 0xC0) == 64)
            || (b[0] == 169 && b[1] == 254);
    }

    /// <summary>Where the address of a c= or o= line of this family is (c=IN IP4 a[/ttl]; o=u s v IN IP4 a).</summary>
    private static bool AddressOf(ReadOnlySpan<byte> line, ReadOnlySpan<byte> family, out int start, out int length)
    {
        start = length = 0;
        int fields;
        if (line.StartsWith("c="u8))
        {
            fields = 2;
        }
        else if (line.StartsWith("o="u8))
        {
            fields = 5;
        }
        else
        {
            return false;
        }

        // Skip to the address field, checking the address type just before it.
        var i = 2;
        for (var field = 0; field < fields; field++)
        {
            var space = line[i..].IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }

            if (field == fields - 1 && !line.Slice(i, space).SequenceEqual(family))
            {
                return false;
            }

            i += space + 1;
        }

        var rest = line[i..];
        var stop = rest.IndexOfAny((byte)'/', (byte)' ');
        start = i;
        length = stop < 0 ? rest.Length : stop;
        return length > 0;
    }
}
