using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication. A block read big-endian as a
/// 128-bit integer holds the coefficient of x^0 in its top bit, i.e. GCM's bit-reflected field
/// element reversed; products of reversed operands are reversed products shifted right by one,
/// and reduction folds the upper 128 coefficients back with x^128 = x^7 + x^2 + x + 1.
/// </summary>
internal struct Ghash
{
    private readonly ulong _hHi;
    private readonly ulong _hLo;
    private ulong _xHi;
    private ulong _xLo;

    public Ghash(ReadOnlySpan<byte> hashKey)
    {
        _hHi = BinaryPrimitives.ReadUInt64BigEndian(hashKey);
        _hLo = BinaryPrimitives.ReadUInt64BigEndian(hashKey.Slice(8));
        _xHi = 0;
        _xLo = 0;
    }

    public static bool IsSupported => Pclmulqdq.IsSupported && Sse2.X64.IsSupported;

    /// <summary>Absorbs <paramref name="data"/>, zero-padded to a whole number of blocks.</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        while (data.Length >= 16)
        {
            _xHi ^= BinaryPrimitives.ReadUInt64BigEndian(data);
            _xLo ^= BinaryPrimitives.ReadUInt64BigEndian(data.Slice(8));
            MultiplyByH();
            data = data.Slice(16);
        }

        if (!data.IsEmpty)
        {
            Span<byte> block = stackalloc byte[16];
            block.Clear();
            data.CopyTo(block);
            _xHi ^= BinaryPrimitives.ReadUInt64BigEndian(block);
            _xLo ^= BinaryPrimitives.ReadUInt64BigEndian(block.Slice(8));
            MultiplyByH();
        }
    }

    /// <summary>Absorbs the length block (bit lengths of AAD and ciphertext) and writes the hash.</summary>
    public void Finish(int aadLength, int ciphertextLength, Span<byte> output)
    {
        _xHi ^= (ulong)aadLength * 8;
        _xLo ^= (ulong)ciphertextLength * 8;
        MultiplyByH();
        BinaryPrimitives.WriteUInt64BigEndian(output, _xHi);
        BinaryPrimitives.WriteUInt64BigEndian(output.Slice(8), _xLo);
    }

    private void MultiplyByH()
    {
        var x = Vector128.Create(_xLo, _xHi);
        var h = Vector128.Create(_hLo, _hHi);
        var low = Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        var high = Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        var middle = Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);

        // The 255-bit product as four words, w3 most significant.
        var w0 = low.ToScalar();
        var w1 = low.GetElement(1) ^ middle.ToScalar();
        var w2 = high.ToScalar() ^ middle.GetElement(1);
        var w3 = high.GetElement(1);

        // Shift left by one so that bit p holds the coefficient of x^(255 - p).
        w3 = (w3 << 1) | (w2 >> 63);
        w2 = (w2 << 1) | (w1 >> 63);
        w1 = (w1 << 1) | (w0 >> 63);
        w0 <<= 1;

        // Fold the low half (degrees 128..255) twice: multiplying by x^7 + x^2 + x + 1 is a right
        // shift by 7, 2, 1, 0 here; the bits that spill below degree 128 are folded in the first step.
        var tHi = w1 ^ (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
        var tLo = w0;
        _xHi = w3 ^ tHi ^ (tHi >> 1) ^ (tHi >> 2) ^ (tHi >> 7);
        _xLo = w2 ^ tLo ^ ((tLo >> 1) | (tHi << 63)) ^ ((tLo >> 2) | (tHi << 62)) ^ ((tLo >> 7) | (tHi << 57));
    }
}
