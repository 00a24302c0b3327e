using System.Buffers.Binary;
using System.Security.Cryptography;
using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Rtp.Srtp;

/// <summary>
/// SRTP and SRTCP (RFC 3711, RFC 7714) under one master key: protect and unprotect in place on
/// the caller's buffer, allocating nothing per packet once an SSRC has been seen. Cipher and MAC
/// instances live as long as the context; per-SSRC state (ROC, replay windows, SRTCP index) is
/// created on an SSRC's first packet. Use one context per direction (DTLS-SRTP gives each side
/// its own write key). Not thread-safe: one packet loop owns it.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    // RFC 4568 §6.1 allows MKIs of up to 128 bytes.
    private const int MaxMkiLength = 128;
    private const int MaxTrailer = MaxMkiLength + 16 + 4;

    private readonly SrtpProfileInfo _info;
    private readonly SrtpPolicy _policy;
    private readonly byte[] _mki;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly AesCounterMode? _rtpCipher;
    private readonly AesCounterMode? _rtcpCipher;
    private readonly SrtpMac? _rtpAuth;
    private readonly SrtpMac? _rtcpAuth;
    private readonly AesGcmCipher? _rtpGcm;
    private readonly AesGcmCipher? _rtcpGcm;
    private readonly Dictionary<uint, SrtpStream> _streams = [];

    /// <summary>A context from a master key and salt (SDES inline key, DTLS-SRTP exporter output).</summary>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpPolicy? policy = null)
        : this(profile, SrtpKeyDerivation.DeriveSessionKeys(profile, masterKey, masterSalt), policy, clearKeys: true)
    {
    }

    /// <summary>A context from session keys already derived.</summary>
    public SrtpContext(SrtpProfile profile, SrtpSessionKeys sessionKeys, SrtpPolicy? policy = null)
        : this(profile, sessionKeys, policy, clearKeys: false)
    {
    }

    private SrtpContext(SrtpProfile profile, SrtpSessionKeys keys, SrtpPolicy? policy, bool clearKeys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _info = SrtpProfiles.Get(profile);
        _policy = policy ?? SrtpPolicy.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_policy.ReplayWindowSize, 64, nameof(policy));
        ArgumentOutOfRangeException.ThrowIfLessThan(_policy.MaxStreams, 1, nameof(policy));
        if (keys.RtpCipherKey.Length != _info.MasterKeyLength || keys.RtpSalt.Length != _info.MasterSaltLength
            || keys.RtcpCipherKey.Length != _info.MasterKeyLength || keys.RtcpSalt.Length != _info.MasterSaltLength
            || (!_info.IsAead && (keys.RtpAuthKey.Length != _info.AuthKeyLength || keys.RtcpAuthKey.Length != _info.AuthKeyLength)))
        {
            throw new ArgumentException($"Session key lengths do not match {_info.Name}.", nameof(keys));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(_policy.Mki.Length, MaxMkiLength, nameof(policy));
        _mki = _policy.Mki.ToArray();
        _rtpSalt = keys.RtpSalt.ToArray();
        _rtcpSalt = keys.RtcpSalt.ToArray();
        var intrinsics = !_policy.UsePlatformCrypto;
        if (_info.IsAead)
        {
            _rtpGcm = new AesGcmCipher(keys.RtpCipherKey, intrinsics);
            _rtcpGcm = new AesGcmCipher(keys.RtcpCipherKey, intrinsics);
        }
        else
        {
            _rtpCipher = new AesCounterMode(keys.RtpCipherKey, intrinsics);
            _rtcpCipher = new AesCounterMode(keys.RtcpCipherKey, intrinsics);
            _rtpAuth = new SrtpMac(keys.RtpAuthKey, intrinsics);
            _rtcpAuth = new SrtpMac(keys.RtcpAuthKey, intrinsics);
        }

        if (clearKeys)
        {
            keys.Clear();
        }
    }

    public SrtpProfile Profile => _info.Profile;

    /// <summary>Bytes <see cref="ProtectRtp"/> appends: MKI and tag.</summary>
    public int RtpOverhead => _mki.Length + _info.RtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends: E flag and index, MKI and tag.</summary>
    public int RtcpOverhead => 4 + _mki.Length + _info.RtcpTagLength;

    /// <summary>True when AES (and GHASH) run on this process's own AES-NI/PCLMULQDQ code.</summary>
    public bool UsesHardwareIntrinsics => _rtpCipher?.UsesIntrinsics ?? _rtpGcm!.UsesIntrinsics;

    /// <summary>SSRCs with state.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>The rollover counter of an SSRC's RTP stream, when the context has seen it.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        var found = _streams.TryGetValue(ssrc, out var stream);
        rolloverCounter = stream?.RolloverCounter ?? 0;
        return found;
    }

    /// <summary>
    /// Starts an SSRC at a known ROC: for a receiver joining a stream after 65536 packets, when the
    /// ROC is learnt out of band. Returns false when the stream limit is reached.
    /// </summary>
    public bool SetRolloverCounter(uint ssrc, uint rolloverCounter)
    {
        var stream = GetOrCreateStream(ssrc);
        stream?.SetRolloverCounter(rolloverCounter);
        return stream is not null;
    }

    public void Dispose()
    {
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
    }

    // HMAC-SHA1 (RFC 3711 §4.2.1) over one contiguous span: the ROC is placed after the packet
    // rather than appended separately (one call, and for OpenSSL one native call fewer).
    private static void Authenticate(SrtpMac mac, ReadOnlySpan<byte> data, Span<byte> output) => mac.Compute(data, output);

    /// <summary>HMAC-SHA1 in this library's code, or through System.Security.Cryptography (OpenSSL) when the policy asks for the platform's.</summary>
    private sealed class SrtpMac : IDisposable
    {
        private readonly HmacSha1? _managed;
        private readonly IncrementalHash? _platform;

        public SrtpMac(ReadOnlySpan<byte> key, bool managed)
        {
            if (managed)
            {
                _managed = new HmacSha1(key);
            }
            else
            {
                _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
            }
        }

        public void Compute(ReadOnlySpan<byte> data, Span<byte> output)
        {
            if (_managed is not null)
            {
                _managed.Compute(data, output);
                return;
            }

            _platform!.AppendData(data);
            _platform.TryGetHashAndReset(output, out _);
        }

        public void Dispose()
        {
            _managed?.Dispose();
            _platform?.Dispose();
        }
    }

    private SrtpStream? GetOrCreateStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        if (_streams.Count >= _policy.MaxStreams)
        {
            return null;
        }

        stream = new SrtpStream(ssrc, _policy.ReplayWindowSize);
        _streams.Add(ssrc, stream);
        return stream;
    }

    // AES-CM IV (RFC 3711 §4.1.1): salt * 2^16 XOR SSRC * 2^64 XOR index * 2^16.
    internal static void CounterModeIv(ReadOnlySpan<byte> salt, uint ssrc, long index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(4), BinaryPrimitives.ReadUInt32BigEndian(iv.Slice(4)) ^ ssrc);
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    // GCM IV (RFC 7714 §8.1, §9.1): 00 00 || SSRC || word || low XOR salt, where word/low are
    // ROC/SEQ for SRTP and 00 00/index for SRTCP.
    internal static void GcmIv(ReadOnlySpan<byte> salt, uint ssrc, uint high, uint low, int lowBytes, Span<byte> iv)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2), ssrc);
        if (lowBytes == 2)
        {
            BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(6), high);
            BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(10), (ushort)low);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(8), low);
        }

        for (var i = 0; i < AesGcmCipher.NonceLength; i++)
        {
            iv[i] ^= salt[i];
        }
    }
}
