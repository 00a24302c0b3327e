namespace Bridgehead.Ng.Bencode;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The four types of BEP 3, by their names.")]
public enum BencodeKind
{
    String,
    Integer,
    List,
    Dictionary,
}

/// <summary>
/// A bencoded value (BEP 3): byte string, integer, list or dictionary. The ng protocol has no
/// floats, booleans or null; rtpengine writes those as strings or integers.
/// </summary>
public abstract class BencodeValue
{
    private protected BencodeValue()
    {
    }

    public abstract BencodeKind Kind { get; }

    public static implicit operator BencodeValue(string value) => new BencodeString(value);

    public static implicit operator BencodeValue(long value) => new BencodeInteger(value);

    public static BencodeValue FromString(string value) => new BencodeString(value);

    public static BencodeValue FromInt64(long value) => new BencodeInteger(value);

    /// <summary>The text of a string value, null for any other kind.</summary>
    public string? AsText() => this is BencodeString s ? s.Text : null;
}
