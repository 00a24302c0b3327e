namespace Bridgehead.Rtp.Srtp;

/// <summary>
/// The replay list of RFC 3711 §3.3.2: the highest index accepted and a bitmap of the
/// <see cref="Size"/> indices below it. The bitmap is circular (bit = index mod capacity), so
/// advancing by one clears one bit instead of shifting the whole map.
/// </summary>
public sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private readonly long _capacity;
    private long _highest = -1;

    public SrtpReplayWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _bits = new ulong[(size + 63) / 64];
        _capacity = _bits.Length * 64L;
    }

    public int Size { get; }

    /// <summary>Highest index accepted so far, -1 before the first.</summary>
    public long Highest => _highest;

    /// <summary>Whether <paramref name="index"/> may be accepted; does not change the window.</summary>
    public SrtpResult Check(long index)
    {
        if (index > _highest)
        {
            return SrtpResult.Ok;
        }

        if (_highest - index >= Size)
        {
            return SrtpResult.TooOld;
        }

        return IsSet(index) ? SrtpResult.Replayed : SrtpResult.Ok;
    }

    /// <summary>Records an index that passed <see cref="Check"/> and authentication.</summary>
    public void Accept(long index)
    {
        if (index > _highest)
        {
            var advance = _highest < 0 ? _capacity : index - _highest;
            if (advance >= _capacity)
            {
                Array.Clear(_bits);
            }
            else
            {
                // Bits of the indices skipped over still hold those of (index - capacity); clear them.
                for (var skipped = _highest + 1; skipped < index; skipped++)
                {
                    Clear(skipped);
                }
            }

            _highest = index;
        }

        Set(index);
    }

    private bool IsSet(long index)
    {
        var bit = index % _capacity;
        return (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    private void Set(long index)
    {
        var bit = index % _capacity;
        _bits[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    private void Clear(long index)
    {
        var bit = index % _capacity;
        _bits[bit >> 6] &= ~(1UL << (int)(bit & 63));
    }
}
