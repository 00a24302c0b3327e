using System.Text;

namespace Bridgehead.Sdp;

/// <summary>
/// One <c>&lt;type&gt;=&lt;value&gt;</c> line of a session description, as received or as built.
/// Lines are immutable: changing a field replaces the line, so lines nobody touched are written
/// back exactly as they came.
/// </summary>
public sealed record SdpLine
{
    public SdpLine(char type, string value, SdpLineEnding ending = SdpLineEnding.Default)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (type is < 'a' or > 'z')
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "SDP line types are one lower-case letter (RFC 8866 §5).");
        }

        Type = type;
        Value = value;
        Ending = ending;
    }

    /// <summary>The line type letter: 'v', 'o', 's', 'c', 'm', 'a', …</summary>
    public char Type { get; }

    /// <summary>Everything after the '='.</summary>
    public string Value { get; init; }

    public SdpLineEnding Ending { get; init; }

    /// <summary>
    /// True when the received bytes were not UTF-8 (RFC 8866 §5 allows other charsets through
    /// a=charset, and old UAs send ISO-8859-1 session names): the line is held as Latin-1 so its
    /// bytes survive a round trip unchanged.
    /// </summary>
    public bool IsLatin1 { get; init; }

    /// <summary>Builds an attribute line: <c>a=name</c> or <c>a=name:value</c>.</summary>
    public static SdpLine Attribute(string name, string? value = null, SdpLineEnding ending = SdpLineEnding.Default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new SdpLine('a', value is null ? name : string.Concat(name, ":", value), ending);
    }

    /// <summary>For an 'a' line, the attribute name and value (null for a flag attribute).</summary>
    public SdpAttribute AsAttribute() => SdpAttribute.FromLineValue(Value);

    internal Encoding ValueEncoding => IsLatin1 ? Encoding.Latin1 : Encoding.UTF8;

    public override string ToString() => string.Concat(Type.ToString(), "=", Value);
}
