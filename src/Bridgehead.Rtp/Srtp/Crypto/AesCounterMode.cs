using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// AES in counter mode for one key: the keystream of AES-CM (RFC 3711 §4.1.1), of the AES-CM PRF
/// (§4.3.3) and of GCM. Counter blocks are the 16-byte IV with its last 32 bits incremented
/// big-endian per block; SRTP's IVs end in 16 zero bits and a packet is far fewer than 2^16
/// blocks, so this equals the RFC's 128-bit addition.
/// With AES-NI the rounds run on the key schedule kept here, four blocks interleaved, straight
/// into the caller's buffer. Without it, the counter blocks go through a reused ECB transform of
/// System.Security.Cryptography in chunks (Aes.EncryptEcb would allocate on every call).
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int FallbackChunk = 256;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly System.Security.Cryptography.Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly byte[]? _counters;
    private readonly byte[]? _keystream;

    public AesCounterMode(ReadOnlySpan<byte> key, bool useIntrinsics)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("AES keys are 16, 24 or 32 bytes.", nameof(key));
        }

        if (useIntrinsics && IntrinsicsSupported)
        {
            _roundKeys = ExpandKey(key);
            return;
        }

        _aes = System.Security.Cryptography.Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _counters = new byte[FallbackChunk];
        _keystream = new byte[FallbackChunk];
    }

    public static bool IntrinsicsSupported => AesNi.IsSupported && Sse2.IsSupported;

    public bool UsesIntrinsics => _roundKeys is not null;

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (_roundKeys is not null)
        {
            XorIntrinsics(_roundKeys, iv, data);
        }
        else
        {
            XorFallback(iv, data);
        }
    }

    /// <summary>E(K, block), one block.</summary>
    public void EncryptBlock(ReadOnlySpan<byte> block, Span<byte> output)
    {
        if (_roundKeys is not null)
        {
            Encrypt(_roundKeys, Vector128.Create(block)).CopyTo(output);
            return;
        }

        block.Slice(0, 16).CopyTo(_counters);
        _ecb!.TransformBlock(_counters!, 0, 16, _keystream!, 0);
        _keystream.AsSpan(0, 16).CopyTo(output);
    }

    public void Dispose()
    {
        _ecb?.Dispose();
        _aes?.Dispose();
    }

    private static void XorIntrinsics(Vector128<byte>[] keys, ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var start = Vector128.Create(iv).AsUInt32();
        var counter = BinaryPrimitives.ReadUInt32BigEndian(iv.Slice(12));
        var last = keys.Length - 1;
        var offset = 0;
        while (data.Length - offset >= 64)
        {
            // Four independent blocks keep the AES unit's pipeline full.
            var k = keys[0];
            var b0 = Counter(start, counter) ^ k;
            var b1 = Counter(start, counter + 1) ^ k;
            var b2 = Counter(start, counter + 2) ^ k;
            var b3 = Counter(start, counter + 3) ^ k;
            counter += 4;
            for (var round = 1; round < last; round++)
            {
                k = keys[round];
                b0 = AesNi.Encrypt(b0, k);
                b1 = AesNi.Encrypt(b1, k);
                b2 = AesNi.Encrypt(b2, k);
                b3 = AesNi.Encrypt(b3, k);
            }

            k = keys[last];
            var chunk = data.Slice(offset, 64);
            (AesNi.EncryptLast(b0, k) ^ Vector128.Create((ReadOnlySpan<byte>)chunk)).CopyTo(chunk);
            (AesNi.EncryptLast(b1, k) ^ Vector128.Create((ReadOnlySpan<byte>)chunk.Slice(16))).CopyTo(chunk.Slice(16));
            (AesNi.EncryptLast(b2, k) ^ Vector128.Create((ReadOnlySpan<byte>)chunk.Slice(32))).CopyTo(chunk.Slice(32));
            (AesNi.EncryptLast(b3, k) ^ Vector128.Create((ReadOnlySpan<byte>)chunk.Slice(48))).CopyTo(chunk.Slice(48));
            offset += 64;
        }

        while (offset < data.Length)
        {
            var keystream = Encrypt(keys, Counter(start, counter++));
            var rest = data.Slice(offset);
            if (rest.Length >= 16)
            {
                (keystream ^ Vector128.Create((ReadOnlySpan<byte>)rest)).CopyTo(rest);
                offset += 16;
                continue;
            }

            XorTail(keystream, rest);
            offset = data.Length;
        }
    }

    private static void XorTail(Vector128<byte> keystream, Span<byte> rest)
    {
        Span<byte> tail = stackalloc byte[16];
        rest.CopyTo(tail);
        (keystream ^ Vector128.Create((ReadOnlySpan<byte>)tail)).CopyTo(tail);
        tail.Slice(0, rest.Length).CopyTo(rest);
    }

    private void XorFallback(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var counters = _counters!;
        var keystream = _keystream!;
        var counter = BinaryPrimitives.ReadUInt32BigEndian(iv.Slice(12));
        for (var offset = 0; offset < data.Length; offset += FallbackChunk)
        {
            var length = Math.Min(FallbackChunk, data.Length - offset);
            var blocksBytes = (length + 15) & ~15;
            for (var b = 0; b < blocksBytes; b += 16)
            {
                iv.Slice(0, 12).CopyTo(counters.AsSpan(b));
                BinaryPrimitives.WriteUInt32BigEndian(counters.AsSpan(b + 12), counter++);
            }

            _ecb!.TransformBlock(counters, 0, blocksBytes, keystream, 0);
            var target = data.Slice(offset, length);
            for (var i = 0; i < target.Length; i++)
            {
                target[i] ^= keystream[i];
            }
        }
    }

    private static Vector128<byte> Counter(Vector128<uint> start, uint counter) =>
        start.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    private static Vector128<byte> Encrypt(Vector128<byte>[] keys, Vector128<byte> block)
    {
        var last = keys.Length - 1;
        block ^= keys[0];
        for (var round = 1; round < last; round++)
        {
            block = AesNi.Encrypt(block, keys[round]);
        }

        return AesNi.EncryptLast(block, keys[last]);
    }

    // FIPS-197 §5.2 key expansion for 128/192/256-bit keys. Words are big-endian (byte 0 most
    // significant), so a round key's bytes are its four words in order, which is also the byte
    // order AESENC expects. SubWord uses AESENCLAST on a block of four equal columns, where
    // ShiftRows has no effect and a zero round key leaves SubBytes alone.
    private static Vector128<byte>[] ExpandKey(ReadOnlySpan<byte> key)
    {
        var nk = key.Length / 4;
        var rounds = nk + 6;
        Span<uint> w = stackalloc uint[4 * 15];
        w = w.Slice(0, 4 * (rounds + 1));
        for (var i = 0; i < nk; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(key.Slice(4 * i));
        }

        uint rcon = 1;
        for (var i = nk; i < w.Length; i++)
        {
            var temp = w[i - 1];
            if (i % nk == 0)
            {
                temp = SubWord((temp << 8) | (temp >> 24)) ^ (rcon << 24);
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11Bu : 0u);
            }
            else if (nk > 6 && i % nk == 4)
            {
                temp = SubWord(temp);
            }

            w[i] = w[i - nk] ^ temp;
        }

        var keys = new Vector128<byte>[rounds + 1];
        Span<byte> bytes = stackalloc byte[16];
        for (var r = 0; r <= rounds; r++)
        {
            for (var j = 0; j < 4; j++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes.Slice(4 * j), w[(4 * r) + j]);
            }

            keys[r] = Vector128.Create((ReadOnlySpan<byte>)bytes);
        }

        return keys;
    }

    private static uint SubWord(uint word)
    {
        var column = Vector128.Create(BinaryPrimitives.ReverseEndianness(word)).AsByte();
        var substituted = AesNi.EncryptLast(column, Vector128<byte>.Zero);
        return BinaryPrimitives.ReverseEndianness(substituted.AsUInt32().ToScalar());
    }
}
