namespace Bridgehead.Sdp;

/// <summary>
/// The media line, <c>m=&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; …</c> (RFC 8866 §5.14).
/// Port 0 marks a rejected or disabled stream (RFC 3264 §6, §8.2).
/// </summary>
public sealed record SdpMediaLine(string Media, int Port, int? PortCount, string Protocol, IReadOnlyList<string> Formats)
{
    public static bool TryParse(ReadOnlySpan<char> value, out SdpMediaLine line)
    {
        line = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var media) || !tokens.TryNext(out var portField) || !tokens.TryNext(out var protocol))
        {
            return false;
        }

        if (!SdpNumbers.IsToken(media) || !IsProtocol(protocol))
        {
            return false;
        }

        int? count = null;
        var slash = portField.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpNumbers.TryParseInt(portField[(slash + 1)..], 1, 65535, out var n))
            {
                return false;
            }

            count = n;
            portField = portField[..slash];
        }

        if (!SdpNumbers.TryParseInt(portField, 0, 65535, out var port))
        {
            return false;
        }

        var formats = new List<string>();
        while (tokens.TryNext(out var format))
        {
            // fmt is a token; RFC 8841 uses "webrtc-datachannel", RTP profiles use payload numbers.
            if (!SdpNumbers.IsToken(format) || formats.Count == 256)
            {
                return false;
            }

            formats.Add(format.ToString());
        }

        // A stream in use needs a format; a rejected one (port 0) is tolerated without.
        if (formats.Count == 0 && port != 0)
        {
            return false;
        }

        line = new SdpMediaLine(media.ToString(), port, count, protocol.ToString(), formats);
        return true;
    }

    public override string ToString()
    {
        var port = PortCount is { } n ? $"{Port}/{n}" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Formats.Count == 0
            ? $"{Media} {port} {Protocol}"
            : $"{Media} {port} {Protocol} {string.Join(' ', Formats)}";
    }

    private static bool IsProtocol(ReadOnlySpan<char> protocol)
    {
        // proto = token *("/" token)
        foreach (var range in protocol.Split('/'))
        {
            if (!SdpNumbers.IsToken(protocol[range]))
            {
                return false;
            }
        }

        return true;
    }
}
