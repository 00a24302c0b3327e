using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c>
/// (RFC 8866 §6.6). For audio the encoding parameter is the channel count, 1 when absent.
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? EncodingParameters = null)
{
    public const string AttributeName = "rtpmap";

    /// <summary>Channels for an audio codec: the encoding parameter, or 1 when it is left out.</summary>
    public int Channels => EncodingParameters ?? 1;

    public static bool TryParse(ReadOnlySpan<char> value, out SdpRtpMap rtpMap)
    {
        rtpMap = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNextInt(0, 127, out var payloadType) || !tokens.TryNext(out var encoding) || !tokens.IsEmpty)
        {
            return false;
        }

        var slash = encoding.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var name = encoding[..slash];
        var rest = encoding[(slash + 1)..];
        int? parameters = null;
        var second = rest.IndexOf('/');
        if (second >= 0)
        {
            if (!SdpNumbers.TryParseInt(rest[(second + 1)..], 0, 255, out var p))
            {
                return false;
            }

            parameters = p;
            rest = rest[..second];
        }

        if (!SdpNumbers.IsToken(name) || !SdpNumbers.TryParseInt(rest, 1, int.MaxValue, out var clockRate))
        {
            return false;
        }

        rtpMap = new SdpRtpMap(payloadType, name.ToString(), clockRate, parameters);
        return true;
    }

    public override string ToString() => EncodingParameters is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{p}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");
}
