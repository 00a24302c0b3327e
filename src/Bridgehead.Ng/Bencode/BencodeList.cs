using System.Collections;

namespace Bridgehead.Ng.Bencode;

/// <summary>A list, <c>l&lt;items&gt;e</c>.</summary>
public sealed class BencodeList : BencodeValue, IReadOnlyList<BencodeValue>
{
    private readonly List<BencodeValue> items;

    public BencodeList() => items = [];

    public BencodeList(IEnumerable<BencodeValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        items = [.. values];
    }

    public override BencodeKind Kind => BencodeKind.List;

    public int Count => items.Count;

    public BencodeValue this[int index] => items[index];

    /// <summary>A list of strings, the common shape of ng flag lists.</summary>
    public static BencodeList OfStrings(IEnumerable<string> values) =>
        new((values ?? throw new ArgumentNullException(nameof(values))).Select(v => (BencodeValue)new BencodeString(v)));

    public void Add(BencodeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        items.Add(value);
    }

    public IEnumerator<BencodeValue> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
