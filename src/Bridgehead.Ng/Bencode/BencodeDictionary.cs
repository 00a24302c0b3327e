using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Bridgehead.Ng.Bencode;

/// <summary>
/// A dictionary, <c>d&lt;key&gt;&lt;value&gt;…e</c>. Entries are kept sorted by the raw bytes of their
/// keys, which is the order BEP 3 asks encoders for; rtpengine accepts any order and does not
/// always sort its own replies, so the reader accepts any order too.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "BEP 3 calls it a dictionary, and it is one.")]
public sealed class BencodeDictionary : BencodeValue, IReadOnlyCollection<KeyValuePair<BencodeString, BencodeValue>>
{
    private readonly List<KeyValuePair<BencodeString, BencodeValue>> entries;

    public BencodeDictionary() => entries = [];

    /// <summary>From entries already sorted by key bytes and free of duplicates (the reader checks both).</summary>
    internal BencodeDictionary(List<KeyValuePair<BencodeString, BencodeValue>> sortedEntries) => entries = sortedEntries;

    public override BencodeKind Kind => BencodeKind.Dictionary;

    public int Count => entries.Count;

    public BencodeValue? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                Remove(key);
            }
            else
            {
                Set(new BencodeString(key), value);
            }
        }
    }

    /// <summary>Adds or replaces an entry.</summary>
    public void Set(BencodeString key, BencodeValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var index = Find(key.Bytes.Span);
        if (index >= 0)
        {
            entries[index] = new(key, value);
        }
        else
        {
            entries.Insert(~index, new(key, value));
        }
    }

    /// <summary>Adds an entry; false (and nothing changed) when the key is already there.</summary>
    public bool TryAdd(BencodeString key, BencodeValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var index = Find(key.Bytes.Span);
        if (index >= 0)
        {
            return false;
        }

        entries.Insert(~index, new(key, value));
        return true;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out BencodeValue? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(key);
        var bytes = count <= buffer.Length ? buffer[..count] : new byte[count];
        Encoding.UTF8.GetBytes(key, bytes);
        var index = Find(bytes);
        value = index >= 0 ? entries[index].Value : null;
        return value is not null;
    }

    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var index = Find(Encoding.UTF8.GetBytes(key));
        if (index < 0)
        {
            return false;
        }

        entries.RemoveAt(index);
        return true;
    }

    public IEnumerator<KeyValuePair<BencodeString, BencodeValue>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Binary search by raw key bytes; the complement of the insertion point when absent.</summary>
    private int Find(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = entries.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var order = entries[mid].Key.Bytes.Span.SequenceCompareTo(key);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
