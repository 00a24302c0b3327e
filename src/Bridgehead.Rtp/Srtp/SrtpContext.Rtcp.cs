using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Rtp.Srtp;

// SRTCP packets: for AES-CM (RFC 3711 §3.4) header(8) | encrypted rest | E+index | [MKI] | tag,
// the tag covering everything up to and including E+index; for AEAD (RFC 7714 §9)
// header(8) | ciphertext | 16-byte tag | E+index | [MKI], with the header and E+index as AAD.
public sealed partial class SrtpContext
{
    private const int RtcpFirstWords = 8;
    private const uint EncryptedFlag = 0x80000000;

    /// <summary>
    /// Encrypts the compound RTCP packet in <paramref name="buffer"/>[0..<paramref name="length"/>)
    /// in place and appends E flag, SRTCP index, MKI and tag (<see cref="RtcpOverhead"/> bytes).
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        if (length < RtcpFirstWords)
        {
            return SrtpResult.TooShort;
        }

        if (buffer[0] >> 6 != RtpPacket.Version2)
        {
            return SrtpResult.InvalidPacket;
        }

        var total = length + RtcpOverhead;
        if (total > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4));
        var stream = GetOrCreateStream(ssrc);
        if (stream is null)
        {
            return SrtpResult.StreamLimitReached;
        }

        var index = stream.NextRtcpIndex;
        if (index > SrtpStream.MaxRtcpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        var word = EncryptedFlag | index;
        var body = buffer.Slice(RtcpFirstWords, length - RtcpFirstWords);
        if (_rtcpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[AesGcmCipher.NonceLength];
            GcmIv(_rtcpSalt, ssrc, 0, index, 4, iv);
            Span<byte> aad = stackalloc byte[RtcpFirstWords + 4];
            buffer.Slice(0, RtcpFirstWords).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpFirstWords), word);
            _rtcpGcm.Encrypt(iv, body, aad, buffer.Slice(length, AesGcmCipher.TagLength));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length + AesGcmCipher.TagLength), word);
            _mki.CopyTo(buffer.Slice(length + AesGcmCipher.TagLength + 4));
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            CounterModeIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher!.Xor(iv, body);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length), word);
            _mki.CopyTo(buffer.Slice(length + 4));
            Span<byte> mac = stackalloc byte[HmacSha1Length];
            Authenticate(_rtcpAuth!, buffer.Slice(0, length + 4), mac);
            mac.Slice(0, _info.RtcpTagLength).CopyTo(buffer.Slice(length + 4 + _mki.Length));
        }

        stream.NextRtcpIndex = index + 1;
        protectedLength = total;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Authenticates and (when its E flag is set) decrypts the SRTCP packet that fills
    /// <paramref name="packet"/>; the compound RTCP is then <paramref name="packet"/>[0..<paramref name="plainLength"/>).
    /// </summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (packet.Length < RtcpFirstWords + RtcpOverhead)
        {
            return SrtpResult.TooShort;
        }

        if (packet[0] >> 6 != RtpPacket.Version2)
        {
            return SrtpResult.InvalidPacket;
        }

        var aead = _rtcpGcm is not null;
        var wordOffset = aead ? packet.Length - _mki.Length - 4 : packet.Length - _info.RtcpTagLength - _mki.Length - 4;
        var mkiOffset = aead ? packet.Length - _mki.Length : wordOffset + 4;
        var end = aead ? wordOffset - AesGcmCipher.TagLength : wordOffset;
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(wordOffset));
        var encrypted = (word & EncryptedFlag) != 0;
        var index = word & ~EncryptedFlag;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));

        _streams.TryGetValue(ssrc, out var stream);
        if (stream is null && _streams.Count >= _policy.MaxStreams)
        {
            return SrtpResult.StreamLimitReached;
        }

        if (stream?.RtcpReplay.Check(index) is { } replay && replay != SrtpResult.Ok)
        {
            return replay;
        }

        if (!packet.Slice(mkiOffset, _mki.Length).SequenceEqual(_mki))
        {
            return SrtpResult.MkiMismatch;
        }

        var body = packet.Slice(RtcpFirstWords, end - RtcpFirstWords);
        if (aead)
        {
            if (!UnprotectRtcpAead(packet, body, end, word, ssrc, index, encrypted))
            {
                return SrtpResult.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[HmacSha1Length];
            Authenticate(_rtcpAuth!, packet.Slice(0, wordOffset + 4), mac);
            if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, _info.RtcpTagLength), packet.Slice(mkiOffset + _mki.Length, _info.RtcpTagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                CounterModeIv(_rtcpSalt, ssrc, index, iv);
                _rtcpCipher!.Xor(iv, body);
            }
        }

        stream ??= GetOrCreateStream(ssrc)!;
        stream.RtcpReplay.Accept(index);
        plainLength = end;
        return SrtpResult.Ok;
    }

    private bool UnprotectRtcpAead(Span<byte> packet, Span<byte> body, int end, uint word, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> iv = stackalloc byte[AesGcmCipher.NonceLength];
        GcmIv(_rtcpSalt, ssrc, 0, index, 4, iv);
        var tag = packet.Slice(end, AesGcmCipher.TagLength);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpFirstWords + 4];
            packet.Slice(0, RtcpFirstWords).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpFirstWords), word);
            return _rtcpGcm!.Decrypt(iv, body, aad, tag);
        }

        // E = 0 (RFC 7714 §9.2): nothing is encrypted and the whole packet with the ESRTCP word
        // is the AAD. Rare, so the AAD is assembled in a pooled buffer.
        var rented = ArrayPool<byte>.Shared.Rent(end + 4);
        try
        {
            packet.Slice(0, end).CopyTo(rented);
            BinaryPrimitives.WriteUInt32BigEndian(rented.AsSpan(end), word);
            return _rtcpGcm!.Decrypt(iv, [], rented.AsSpan(0, end + 4), tag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
