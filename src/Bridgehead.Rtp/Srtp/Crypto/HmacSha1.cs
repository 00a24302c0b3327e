using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) for one key, over a message given in two parts (SRTP authenticates the
/// packet followed by the 4-byte ROC, RFC 3711 §4.2) without copying them together.
/// The managed path keeps the SHA-1 states after the inner and outer key pads, so each MAC costs
/// only the message blocks and one outer block; the platform path reuses an IncrementalHash.
/// </summary>
internal sealed class HmacSha1 : IDisposable
{
    private readonly uint[]? _innerState;
    private readonly uint[]? _outerState;
    private readonly IncrementalHash? _platform;

    public HmacSha1(ReadOnlySpan<byte> key, bool managed)
    {
        if (!managed)
        {
            _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
            return;
        }

        Span<byte> block = stackalloc byte[Sha1.BlockLength];
        block.Clear();
        if (key.Length > Sha1.BlockLength)
        {
#pragma warning disable CA5350 // HMAC-SHA1 is what RFC 3711 §4.2.1 specifies for SRTP authentication.
            SHA1.HashData(key, block);
#pragma warning restore CA5350
        }
        else
        {
            key.CopyTo(block);
        }

        _innerState = PadState(block, 0x36);
        _outerState = PadState(block, 0x36 ^ 0x5C);
        CryptographicOperations.ZeroMemory(block);
    }

    public bool IsManaged => _innerState is not null;

    /// <summary>Writes the 20-byte MAC of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public void Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        if (_platform is not null)
        {
            _platform.AppendData(first);
            _platform.AppendData(second);
            _platform.TryGetHashAndReset(mac, out _);
            return;
        }

        Span<uint> state = stackalloc uint[5];
        _innerState.CopyTo(state);
        Span<byte> tail = stackalloc byte[2 * Sha1.BlockLength];

        // Whole blocks of the first part go straight in; its remainder, the second part and the
        // SHA-1 padding are assembled in the tail (the second part is the ROC: short).
        var whole = first.Length & ~(Sha1.BlockLength - 1);
        Sha1.Compress(state, first.Slice(0, whole));
        var rest = first.Slice(whole);
        var used = rest.Length;
        rest.CopyTo(tail);
        var secondOffset = 0;
        while (second.Length - secondOffset > 0)
        {
            var take = Math.Min(Sha1.BlockLength - used, second.Length - secondOffset);
            second.Slice(secondOffset, take).CopyTo(tail.Slice(used));
            used += take;
            secondOffset += take;
            if (used == Sha1.BlockLength)
            {
                Sha1.Compress(state, tail.Slice(0, Sha1.BlockLength));
                used = 0;
            }
        }

        var messageBits = (ulong)(Sha1.BlockLength + first.Length + second.Length) * 8;
        FinishInto(state, tail, used, messageBits);

        // Outer hash: opad state, then the inner digest and padding in one block.
        Span<byte> outer = tail.Slice(0, Sha1.BlockLength);
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(outer.Slice(4 * i), state[i]);
        }

        _outerState.CopyTo(state);
        FinishInto(state, tail, Sha1.DigestLength, (ulong)(Sha1.BlockLength + Sha1.DigestLength) * 8);
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mac.Slice(4 * i), state[i]);
        }
    }

    public void Dispose() => _platform?.Dispose();

    // Appends 0x80, zeros and the 64-bit bit length after `used` bytes of `tail`, compresses.
    private static void FinishInto(Span<uint> state, Span<byte> tail, int used, ulong messageBits)
    {
        tail[used] = 0x80;
        var total = used + 1 + 8 <= Sha1.BlockLength ? Sha1.BlockLength : 2 * Sha1.BlockLength;
        tail.Slice(used + 1, total - used - 1 - 8).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(total - 8), messageBits);
        Sha1.Compress(state, tail.Slice(0, total));
    }

    private static uint[] PadState(Span<byte> block, byte pad)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= pad;
        }

        var state = new uint[5];
        Sha1.Initialize(state);
        Sha1.Compress(state, block);
        return state;
    }
}
