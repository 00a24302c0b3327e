using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104, FIPS 180-4) for one key: the SHA-1 states after the key's inner and outer
/// pads are computed once, so a packet costs its own blocks plus one outer block — four
/// compressions for a G.711 packet. Padding and the HMAC structure are done here; the compressions
/// run in OpenSSL's block function when libcrypto is there (SHA-NI: about a quarter of the managed
/// compression's time) and in managed code otherwise. Through IncrementalHash (EVP) the same MAC
/// costs several times as much, nearly all of it in the update/final/re-init calls rather than in
/// hashing (bench/Bridgehead.Benchmarks/Rtp).
/// </summary>
[SuppressMessage("Security", "CA5350", Justification = "RFC 3711 §4.2.1: SRTP's AES_CM_128_HMAC_SHA1 suites authenticate with HMAC-SHA1.")]
internal sealed class HmacSha1 : IDisposable
{
    public const int Length = 20;
    private const int BlockLength = 64;

    private readonly uint[] _inner = new uint[5];
    private readonly uint[] _outer = new uint[5];
    private readonly byte[]? _innerContext;
    private readonly byte[]? _outerContext;

    /// <param name="key">The MAC key; longer than a block, it is hashed first (RFC 2104 §2).</param>
    /// <param name="useLibCrypto">False keeps every compression in managed code (tests, benchmarks).</param>
    public HmacSha1(ReadOnlySpan<byte> key, bool useLibCrypto = true)
    {
        Span<byte> padded = stackalloc byte[BlockLength];
        padded.Clear();
        if (key.Length > BlockLength)
        {
            SHA1.HashData(key, padded);
        }
        else
        {
            key.CopyTo(padded);
        }

        Span<byte> pad = stackalloc byte[BlockLength];
        Span<uint> schedule = stackalloc uint[16];
        for (var i = 0; i < BlockLength; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x36);
        }

        Initial(_inner);
        Compress(_inner, pad, schedule);
        for (var i = 0; i < BlockLength; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x5C);
        }

        Initial(_outer);
        Compress(_outer, pad, schedule);
        CryptographicOperations.ZeroMemory(padded);
        CryptographicOperations.ZeroMemory(pad);
        if (useLibCrypto && LibCryptoSha1.IsAvailable)
        {
            _innerContext = new byte[LibCryptoSha1.ContextLength];
            _outerContext = new byte[LibCryptoSha1.ContextLength];
            LibCryptoSha1.Initialize(_innerContext, _inner);
            LibCryptoSha1.Initialize(_outerContext, _outer);
        }
    }

    /// <summary>True when the compressions run in OpenSSL's block function.</summary>
    public bool UsesLibCrypto => _innerContext is not null;

    /// <summary>Writes the first <c>mac.Length</c> (at most 20) octets of HMAC-SHA1(key, data).</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (_innerContext is not null)
        {
            ComputeLibCrypto(data, mac);
        }
        else
        {
            ComputeManaged(data, mac);
        }
    }

    public void Dispose()
    {
        Array.Clear(_inner);
        Array.Clear(_outer);
        if (_innerContext is not null)
        {
            Array.Clear(_innerContext);
            Array.Clear(_outerContext!);
        }
    }

    // Same blocks as ComputeManaged, three native calls: the packet's whole blocks, the padded
    // tail (one or two blocks), the outer block.
    private void ComputeLibCrypto(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> context = stackalloc byte[LibCryptoSha1.ContextLength];
        _innerContext!.CopyTo(context);
        var whole = data.Length & ~(BlockLength - 1);
        LibCryptoSha1.Compress(context, data.Slice(0, whole));
        Span<byte> tail = stackalloc byte[2 * BlockLength];
        var tailLength = PadTail(data, whole, tail);
        LibCryptoSha1.Compress(context, tail.Slice(0, tailLength));

        var outer = tail.Slice(0, BlockLength);
        OuterBlock(LibCryptoSha1.State(context), outer);
        _outerContext!.CopyTo(context);
        LibCryptoSha1.Compress(context, outer);
        WriteDigest(LibCryptoSha1.State(context), mac);
        CryptographicOperations.ZeroMemory(context);
        CryptographicOperations.ZeroMemory(tail);
    }

    private void ComputeManaged(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[5];
        Span<uint> schedule = stackalloc uint[16];
        _inner.CopyTo(state);
        var whole = data.Length & ~(BlockLength - 1);
        for (var offset = 0; offset < whole; offset += BlockLength)
        {
            Compress(state, data.Slice(offset, BlockLength), schedule);
        }

        Span<byte> tail = stackalloc byte[2 * BlockLength];
        var tailLength = PadTail(data, whole, tail);
        Compress(state, tail.Slice(0, BlockLength), schedule);
        if (tailLength > BlockLength)
        {
            Compress(state, tail.Slice(BlockLength, BlockLength), schedule);
        }

        var outer = tail.Slice(0, BlockLength);
        OuterBlock(state, outer);
        _outer.CopyTo(state);
        Compress(state, outer, schedule);
        WriteDigest(state, mac);
        CryptographicOperations.ZeroMemory(tail);
    }

    // Padding (FIPS 180-4 §5.1.1) of the data after its whole blocks: 0x80, zeros, the bit length
    // of ipad || data; one block, or two when fewer than 9 octets remain. Returns 64 or 128.
    private static int PadTail(ReadOnlySpan<byte> data, int whole, Span<byte> tail)
    {
        var rest = data.Length - whole;
        var tailLength = rest + 9 <= BlockLength ? BlockLength : 2 * BlockLength;
        tail.Slice(0, tailLength).Clear();
        data.Slice(whole).CopyTo(tail);
        tail[rest] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8), (ulong)(BlockLength + data.Length) * 8);
        return tailLength;
    }

    // The outer hash's only block: the inner digest, padded for opad || digest.
    private static void OuterBlock(ReadOnlySpan<uint> innerState, Span<byte> outer)
    {
        outer.Clear();
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(outer.Slice(4 * i), innerState[i]);
        }

        outer[Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(outer.Slice(BlockLength - 8), (BlockLength + Length) * 8);
    }

    private static void WriteDigest(ReadOnlySpan<uint> state, Span<byte> mac)
    {
        Span<byte> digest = stackalloc byte[Length];
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.Slice(4 * i), state[i]);
        }

        digest.Slice(0, Math.Min(mac.Length, Length)).CopyTo(mac);
    }

    private static void Initial(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    // FIPS 180-4 §6.1.2 with the 16-word circular message schedule, five rounds per step with
    // the working variables' roles rotated instead of moved; refs instead of indexing, as this
    // runs four times per SRTP packet.
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block, Span<uint> schedule)
    {
        ref var w = ref MemoryMarshal.GetReference(schedule.Slice(0, 16));
        ref var input = ref MemoryMarshal.GetReference(block.Slice(0, BlockLength));
        for (var i = 0; i < 16; i++)
        {
            Unsafe.Add(ref w, i) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref input, 4 * i)));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var t = 0; t < 20; t += 5)
        {
            Step(a, ref b, Choose(b, c, d), ref e, 0x5A827999, Word(ref w, t));
            Step(e, ref a, Choose(a, b, c), ref d, 0x5A827999, Word(ref w, t + 1));
            Step(d, ref e, Choose(e, a, b), ref c, 0x5A827999, Word(ref w, t + 2));
            Step(c, ref d, Choose(d, e, a), ref b, 0x5A827999, Word(ref w, t + 3));
            Step(b, ref c, Choose(c, d, e), ref a, 0x5A827999, Word(ref w, t + 4));
        }

        for (var t = 20; t < 40; t += 5)
        {
            Step(a, ref b, b ^ c ^ d, ref e, 0x6ED9EBA1, Word(ref w, t));
            Step(e, ref a, a ^ b ^ c, ref d, 0x6ED9EBA1, Word(ref w, t + 1));
            Step(d, ref e, e ^ a ^ b, ref c, 0x6ED9EBA1, Word(ref w, t + 2));
            Step(c, ref d, d ^ e ^ a, ref b, 0x6ED9EBA1, Word(ref w, t + 3));
            Step(b, ref c, c ^ d ^ e, ref a, 0x6ED9EBA1, Word(ref w, t + 4));
        }

        for (var t = 40; t < 60; t += 5)
        {
            Step(a, ref b, Majority(b, c, d), ref e, 0x8F1BBCDC, Word(ref w, t));
            Step(e, ref a, Majority(a, b, c), ref d, 0x8F1BBCDC, Word(ref w, t + 1));
            Step(d, ref e, Majority(e, a, b), ref c, 0x8F1BBCDC, Word(ref w, t + 2));
            Step(c, ref d, Majority(d, e, a), ref b, 0x8F1BBCDC, Word(ref w, t + 3));
            Step(b, ref c, Majority(c, d, e), ref a, 0x8F1BBCDC, Word(ref w, t + 4));
        }

        for (var t = 60; t < 80; t += 5)
        {
            Step(a, ref b, b ^ c ^ d, ref e, 0xCA62C1D6, Word(ref w, t));
            Step(e, ref a, a ^ b ^ c, ref d, 0xCA62C1D6, Word(ref w, t + 1));
            Step(d, ref e, e ^ a ^ b, ref c, 0xCA62C1D6, Word(ref w, t + 2));
            Step(c, ref d, d ^ e ^ a, ref b, 0xCA62C1D6, Word(ref w, t + 3));
            Step(b, ref c, c ^ d ^ e, ref a, 0xCA62C1D6, Word(ref w, t + 4));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }

    // One round: e gets the new value (the next round's a), b is rotated (the next round's c).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(uint a, ref uint b, uint f, ref uint e, uint k, uint word)
    {
        e += BitOperations.RotateLeft(a, 5) + f + k + word;
        b = BitOperations.RotateLeft(b, 30);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Choose(uint x, uint y, uint z) => z ^ (x & (y ^ z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Majority(uint x, uint y, uint z) => (x & y) | (z & (x | y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Word(ref uint w, int t)
    {
        if (t < 16)
        {
            return Unsafe.Add(ref w, t);
        }

        var x = BitOperations.RotateLeft(Unsafe.Add(ref w, (t - 3) & 15) ^ Unsafe.Add(ref w, (t - 8) & 15) ^ Unsafe.Add(ref w, (t - 14) & 15) ^ Unsafe.Add(ref w, t & 15), 1);
        Unsafe.Add(ref w, t & 15) = x;
        return x;
    }
}
