using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication. A block read big-endian as a
/// 128-bit integer holds the coefficient of x^0 in its top bit, i.e. GCM's bit-reflected field
/// element reversed; products of reversed operands are reversed products shifted right by one,
/// and reduction folds the upper 128 coefficients back with x^128 = x^7 + x^2 + x + 1.
/// Four blocks are absorbed per reduction: X' = (X + B0)H^4 + B1 H^3 + B2 H^2 + B3 H, the four
/// products summed before reducing (both the shift and the fold are linear).
/// </summary>
internal struct Ghash
{
    private readonly GhashKey _key;
    private Vector128<ulong> _x;

    public Ghash(GhashKey key)
    {
        _key = key;
        _x = Vector128<ulong>.Zero;
    }

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Absorbs <paramref name="data"/>, zero-padded to a whole number of blocks.</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        var powers = _key.Powers;
        while (data.Length >= 64)
        {
            var lo = Vector128<ulong>.Zero;
            var mid = Vector128<ulong>.Zero;
            var hi = Vector128<ulong>.Zero;
            Accumulate(Load(data) ^ _x, powers[3], ref lo, ref mid, ref hi);
            Accumulate(Load(data.Slice(16)), powers[2], ref lo, ref mid, ref hi);
            Accumulate(Load(data.Slice(32)), powers[1], ref lo, ref mid, ref hi);
            Accumulate(Load(data.Slice(48)), powers[0], ref lo, ref mid, ref hi);
            _x = Reduce(lo, mid, hi);
            data = data.Slice(64);
        }

        while (data.Length >= 16)
        {
            _x = Multiply(Load(data) ^ _x, powers[0]);
            data = data.Slice(16);
        }

        if (!data.IsEmpty)
        {
            Span<byte> block = stackalloc byte[16];
            block.Clear();
            data.CopyTo(block);
            _x = Multiply(Load(block) ^ _x, powers[0]);
        }
    }

    /// <summary>Absorbs the length block (bit lengths of AAD and ciphertext) and writes the hash.</summary>
    public readonly void Finish(int aadLength, int ciphertextLength, Span<byte> output)
    {
        var lengths = Vector128.Create((ulong)ciphertextLength * 8, (ulong)aadLength * 8);
        var x = Multiply(_x ^ lengths, _key.Powers[0]);
        BinaryPrimitives.WriteUInt64BigEndian(output, x.GetElement(1));
        BinaryPrimitives.WriteUInt64BigEndian(output.Slice(8), x.ToScalar());
    }

    /// <summary>The reduced product of two field elements in this representation.</summary>
    internal static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var lo = Vector128<ulong>.Zero;
        var mid = Vector128<ulong>.Zero;
        var hi = Vector128<ulong>.Zero;
        Accumulate(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    // Element 0 holds the low 64 bits: a byte-reversed block is the block read big-endian.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ReadOnlySpan<byte> block) =>
        Vector128.Shuffle(Vector128.Create(block), Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).AsUInt64();

    // Schoolbook 128x128 carry-less product, kept as low, middle and high 128-bit parts.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        // The 255-bit product as four words, w3 most significant.
        var w0 = lo.ToScalar();
        var w1 = lo.GetElement(1) ^ mid.ToScalar();
        var w2 = hi.ToScalar() ^ mid.GetElement(1);
        var w3 = hi.GetElement(1);

        // Shift left by one so that bit p holds the coefficient of x^(255 - p).
        w3 = (w3 << 1) | (w2 >> 63);
        w2 = (w2 << 1) | (w1 >> 63);
        w1 = (w1 << 1) | (w0 >> 63);
        w0 <<= 1;

        // Fold the low half (degrees 128..255) twice: multiplying by x^7 + x^2 + x + 1 is a right
        // shift by 7, 2, 1, 0 here; the bits that spill below degree 128 are folded in the first step.
        var tHi = w1 ^ (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
        var tLo = w0;
        var xHi = w3 ^ tHi ^ (tHi >> 1) ^ (tHi >> 2) ^ (tHi >> 7);
        var xLo = w2 ^ tLo ^ ((tLo >> 1) | (tHi << 63)) ^ ((tLo >> 2) | (tHi << 62)) ^ ((tLo >> 7) | (tHi << 57));
        return Vector128.Create(xLo, xHi);
    }
}

/// <summary>H = E(K, 0^128) and its powers up to H^4, computed once per key.</summary>
internal sealed class GhashKey
{
    public GhashKey(ReadOnlySpan<byte> hashKey)
    {
        var h = Vector128.Create(
            BinaryPrimitives.ReadUInt64BigEndian(hashKey.Slice(8)),
            BinaryPrimitives.ReadUInt64BigEndian(hashKey));
        Powers = new Vector128<ulong>[4];
        Powers[0] = h;
        for (var i = 1; i < Powers.Length; i++)
        {
            Powers[i] = Ghash.Multiply(Powers[i - 1], h);
        }
    }

    /// <summary>H, H^2, H^3, H^4.</summary>
    public Vector128<ulong>[] Powers { get; }
}
