using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// Names a client's connection (an RFC 5626 flow) and its own Contact URI inside a URI parameter
/// of the edge's, so an in-dialog request that comes back to that URI goes out over the very
/// connection, with the Request-URI the client gave. Pure: bytes in, a value out; a token that does
/// not decode is simply not a flow.
/// </summary>
/// <remarks>
/// Layout before base64url: version, connection id (8), transport, listener id, port (2), address
/// length and address, then the original URI. The transport checks the connection id against the
/// address, so a forged token reaches no connection but its own.
/// </remarks>
public static class FlowToken
{
    /// <summary>The URI parameter that carries the token.</summary>
    public static ReadOnlySpan<byte> ParameterName => "bhflow"u8;

    private const byte Version = 1;

    public static string Encode(in SipDestination flow, ReadOnlySpan<byte> originalUri)
    {
        Span<byte> address = stackalloc byte[16];
        flow.EndPoint.Address.TryWriteBytes(address, out var addressLength);
        var length = 1 + 8 + 1 + 1 + 2 + 1 + addressLength + originalUri.Length;
        var raw = length <= 512 ? stackalloc byte[length] : new byte[length];
        raw[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(raw[1..], flow.ConnectionId);
        raw[9] = (byte)flow.Transport;
        raw[10] = (byte)Math.Clamp(flow.ListenerId, 0, 255);
        BinaryPrimitives.WriteUInt16BigEndian(raw[11..], (ushort)flow.EndPoint.Port);
        raw[13] = (byte)addressLength;
        address[..addressLength].CopyTo(raw[14..]);
        originalUri.CopyTo(raw[(14 + addressLength)..]);
        return Base64Url.EncodeToString(raw);
    }

    public static bool TryDecode(ReadOnlySpan<byte> token, out SipDestination flow, out byte[] originalUri)
    {
        flow = default;
        originalUri = [];
        if (token.IsEmpty || token.Length > 4096)
        {
            return false;
        }

        var raw = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromUtf8(token, raw, out _, out var written) != System.Buffers.OperationStatus.Done || written < 14 || raw[0] != Version)
        {
            return false;
        }

        var addressLength = raw[13];
        if (addressLength is not (4 or 16) || written < 14 + addressLength + 1 || raw[9] > (byte)SipTransportKind.Wss)
        {
            return false;
        }

        var endPoint = new IPEndPoint(new IPAddress(raw.AsSpan(14, addressLength)), BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(11)));
        flow = new SipDestination((SipTransportKind)raw[9], endPoint, BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(1)), raw[10] == 0 ? -1 : raw[10]);
        originalUri = raw.AsSpan(14 + addressLength, written - 14 - addressLength).ToArray();
        return flow.ConnectionId != 0;
    }
}
