namespace Bridgehead.Ng.Bencode;

/// <summary>Why bytes are not one bencoded value.</summary>
public enum BencodeError
{
    None,
    Empty,

    /// <summary>The input ends inside a value.</summary>
    Truncated,

    /// <summary>A byte that cannot start a value here (including 'e' where a value must come).</summary>
    UnexpectedByte,

    /// <summary>Empty, "-0", a leading zero, a stray sign, or out of the 64-bit range (BEP 3).</summary>
    InvalidInteger,

    /// <summary>A string length that is not a decimal number before ':'.</summary>
    InvalidLength,

    /// <summary>A string length larger than the bytes that remain.</summary>
    StringTooLong,
    KeyNotString,
    DuplicateKey,

    /// <summary>Lists and dictionaries nested deeper than the limit.</summary>
    TooDeep,

    /// <summary>Bytes after the value.</summary>
    TrailingData,
}

/// <summary>A read failure and the byte offset where it was found.</summary>
public readonly record struct BencodeFailure(BencodeError Error, int Offset)
{
    public override string ToString() => $"{Error} at offset {Offset}";
}
