using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// An RTP header extension mapping, <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;]</c>
/// (RFC 8285 §8). Browsers rely on ssrc-audio-level, abs-send-time, transport-cc and sdes:mid.
/// </summary>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection? Direction = null, string? Attributes = null)
{
    public const string AttributeName = "extmap";

    public static bool TryParse(ReadOnlySpan<char> value, out SdpExtmap extmap)
    {
        extmap = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var idField) || !tokens.TryNext(out var uri) || !SdpNumbers.IsVisible(uri))
        {
            return false;
        }

        SdpDirection? direction = null;
        var slash = idField.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpDirectionExtensions.TryParse(idField[(slash + 1)..], out var d))
            {
                return false;
            }

            direction = d;
            idField = idField[..slash];
        }

        // One-byte headers use 1-14, two-byte 1-255; RFC 8285 §8 reserves 4096-4351 for
        // negotiation, so anything up to 4351 is syntactically fine.
        if (!SdpNumbers.TryParseInt(idField, 1, 4351, out var id))
        {
            return false;
        }

        var attributes = tokens.Rest;
        extmap = new SdpExtmap(id, uri.ToString(), direction, attributes.IsEmpty ? null : attributes.ToString());
        return true;
    }

    public override string ToString()
    {
        var id = Direction is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"{Id}/{d.ToAttributeName()}")
            : Id.ToString(CultureInfo.InvariantCulture);
        return Attributes is null ? $"{id} {Uri}" : $"{id} {Uri} {Attributes}";
    }
}
