namespace Bridgehead.Sdp;

/// <summary>
/// An attribute split into name and value (RFC 8866 §5.13: <c>a=&lt;name&gt;</c> or
/// <c>a=&lt;name&gt;:&lt;value&gt;</c>). A flag attribute such as <c>a=rtcp-mux</c> has a null value.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SDP attribute (a= line), the RFC's own word, not a .NET attribute.")]
public readonly record struct SdpAttribute(string Name, string? Value)
{
    internal static SdpAttribute FromLineValue(string lineValue)
    {
        var colon = lineValue.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new SdpAttribute(lineValue, null)
            : new SdpAttribute(lineValue[..colon], lineValue[(colon + 1)..]);
    }

    /// <summary>Compares the attribute name of a line value without allocating.</summary>
    internal static bool NameIs(string lineValue, string name) =>
        lineValue.StartsWith(name, StringComparison.Ordinal)
        && (lineValue.Length == name.Length || lineValue[name.Length] == ':');

    /// <summary>The value part of a line value whose name is already known to match.</summary>
    internal static ReadOnlySpan<char> ValueSpan(string lineValue, string name) =>
        lineValue.Length == name.Length ? [] : lineValue.AsSpan(name.Length + 1);
}
