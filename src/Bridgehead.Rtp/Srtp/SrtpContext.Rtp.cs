using System.Buffers.Binary;
using System.Security.Cryptography;
using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Rtp.Srtp;

// SRTP packets (RFC 3711 §3.1): header | encrypted payload | [MKI] | tag for AES-CM, and
// header | ciphertext | 16-byte tag | [MKI] for AEAD (RFC 7714 §8).
public sealed partial class SrtpContext
{
    private const int HmacSha1Length = 20;

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="buffer"/>[0..<paramref name="length"/>) in place
    /// and appends MKI and tag; <paramref name="buffer"/> needs <see cref="RtpOverhead"/> spare bytes.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        var packet = buffer.Slice(0, length);
        var headerError = RtpPacket.TryGetHeaderLength(packet, out var headerLength);
        if (headerError != RtpPacketError.None)
        {
            return headerError == RtpPacketError.TooShort ? SrtpResult.TooShort : SrtpResult.InvalidPacket;
        }

        var total = length + RtpOverhead;
        if (total > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        var ssrc = RtpHeader.GetSsrc(packet);
        var sequence = RtpHeader.GetSequenceNumber(packet);
        var stream = GetOrCreateStream(ssrc);
        if (stream is null)
        {
            return SrtpResult.StreamLimitReached;
        }

        // The sender estimates the index as a receiver would, so that packets forwarded out of
        // order (a relay does that) still get the ROC their sequence number belongs to.
        var index = stream.EstimateIndex(sequence);
        if (index < 0)
        {
            return SrtpResult.TooOld;
        }

        if (index > SrtpStream.MaxRtpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        var roc = (uint)(index >> 16);
        var payload = buffer.Slice(headerLength, length - headerLength);
        if (_rtpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[AesGcmCipher.NonceLength];
            GcmIv(_rtpSalt, ssrc, roc, sequence, 2, iv);
            _rtpGcm.Encrypt(iv, payload, buffer.Slice(0, headerLength), buffer.Slice(length, AesGcmCipher.TagLength));
            _mki.CopyTo(buffer.Slice(length + AesGcmCipher.TagLength));
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            CounterModeIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Xor(iv, payload);

            // The MAC covers packet || ROC (RFC 3711 §4.2); the ROC borrows the trailer's room
            // (at least the 4-byte tag) until MKI and tag are written over it.
            Span<byte> mac = stackalloc byte[HmacSha1Length];
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length), roc);
            Authenticate(_rtpAuth!, buffer.Slice(0, length + 4), mac);
            _mki.CopyTo(buffer.Slice(length));
            mac.Slice(0, _info.RtpTagLength).CopyTo(buffer.Slice(length + _mki.Length));
        }

        stream.Advance(index);
        protectedLength = total;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Authenticates and decrypts the SRTP packet that fills <paramref name="packet"/>, in place;
    /// on success the RTP packet is <paramref name="packet"/>[0..<paramref name="plainLength"/>).
    /// On failure nothing about the stream changes and the packet must be dropped.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        var headerError = RtpPacket.TryGetHeaderLength(packet, out var headerLength);
        if (headerError != RtpPacketError.None)
        {
            return headerError == RtpPacketError.TooShort ? SrtpResult.TooShort : SrtpResult.InvalidPacket;
        }

        if (packet.Length < headerLength + RtpOverhead)
        {
            return SrtpResult.TooShort;
        }

        var end = packet.Length - RtpOverhead;
        var ssrc = RtpHeader.GetSsrc(packet);
        var sequence = RtpHeader.GetSequenceNumber(packet);
        _streams.TryGetValue(ssrc, out var stream);
        var index = stream?.EstimateIndex(sequence) ?? sequence;
        if (index < 0)
        {
            return SrtpResult.TooOld;
        }

        if (index > SrtpStream.MaxRtpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        if (stream is null && _streams.Count >= _policy.MaxStreams)
        {
            return SrtpResult.StreamLimitReached;
        }

        if (stream?.RtpReplay.Check(index) is { } replay && replay != SrtpResult.Ok)
        {
            return replay;
        }

        var mkiOffset = _rtpGcm is not null ? end + AesGcmCipher.TagLength : end;
        if (!packet.Slice(mkiOffset, _mki.Length).SequenceEqual(_mki))
        {
            return SrtpResult.MkiMismatch;
        }

        var roc = (uint)(index >> 16);
        var payload = packet.Slice(headerLength, end - headerLength);
        if (_rtpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[AesGcmCipher.NonceLength];
            GcmIv(_rtpSalt, ssrc, roc, sequence, 2, iv);
            if (!_rtpGcm.Decrypt(iv, payload, packet.Slice(0, headerLength), packet.Slice(end, AesGcmCipher.TagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }
        }
        else
        {
            // As when protecting, the ROC is written after the authenticated portion, over the
            // trailer, which is saved first and put back.
            Span<byte> trailer = stackalloc byte[MaxTrailer];
            trailer = trailer.Slice(0, packet.Length - end);
            packet.Slice(end).CopyTo(trailer);
            BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(end), roc);
            Span<byte> mac = stackalloc byte[HmacSha1Length];
            Authenticate(_rtpAuth!, packet.Slice(0, end + 4), mac);
            trailer.CopyTo(packet.Slice(end));
            if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, _info.RtpTagLength), trailer.Slice(_mki.Length, _info.RtpTagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            Span<byte> iv = stackalloc byte[16];
            CounterModeIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Xor(iv, payload);
        }

        // State is created only for packets that authenticated, so forged SSRCs cost nothing.
        stream ??= GetOrCreateStream(ssrc)!;
        stream.Advance(index);
        stream.RtpReplay.Accept(index);
        plainLength = end;
        return SrtpResult.Ok;
    }
}
