using System.Buffers.Binary;
using System.Numerics;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// The SHA-1 compression function (FIPS 180-4 §6.1.2), exposed so that HMAC can start from the
/// states after its key pads instead of hashing them for every packet.
/// </summary>
internal static class Sha1
{
    public const int BlockLength = 64;
    public const int DigestLength = 20;

    public static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    /// <summary>Compresses whole 64-byte blocks into <paramref name="state"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        Span<uint> w = stackalloc uint[80];
        var a0 = state[0];
        var b0 = state[1];
        var c0 = state[2];
        var d0 = state[3];
        var e0 = state[4];
        for (; blocks.Length >= BlockLength; blocks = blocks.Slice(BlockLength))
        {
            for (var i = 0; i < 16; i++)
            {
                w[i] = BinaryPrimitives.ReadUInt32BigEndian(blocks.Slice(4 * i));
            }

            for (var i = 16; i < 80; i++)
            {
                w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
            }

            uint a = a0, b = b0, c = c0, d = d0, e = e0;
            for (var i = 0; i < 20; i++)
            {
                var t = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + w[i];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = t;
            }

            for (var i = 20; i < 40; i++)
            {
                var t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[i];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = t;
            }

            for (var i = 40; i < 60; i++)
            {
                var t = BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + w[i];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = t;
            }

            for (var i = 60; i < 80; i++)
            {
                var t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[i];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = t;
            }

            a0 += a;
            b0 += b;
            c0 += c;
            d0 += d;
            e0 += e;
        }

        state[0] = a0;
        state[1] = b0;
        state[2] = c0;
        state[3] = d0;
        state[4] = e0;
    }
}
