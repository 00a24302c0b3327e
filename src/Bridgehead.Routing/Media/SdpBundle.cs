using System.Buffers;

namespace Bridgehead.Routing.Media;

/// <summary>
/// The BUNDLE group a browser needs. rtpengine 10.5 (Debian 12) writes a=mid towards a WebRTC leg
/// but never a=group:BUNDLE (sipwise/rtpengine#1658), and a browser with bundlePolicy
/// max-bundle (JsSIP pages, most web phones) refuses such SDP: an answer "cannot remove m= section
/// with mid='0' from already-established BUNDLE group" (JsSIP: "Bad Media Description"), an offer
/// "max-bundle is used but no bundle group found". With one m= section, a group of that section
/// alone keeps the address and port it already has (RFC 9143), so the edge adds it; with more,
/// the relay would have to bundle them itself.
/// </summary>
public static class SdpBundle
{
    private static readonly SearchValues<byte> LineEnds = SearchValues.Create("\r\n"u8);

    /// <summary>
    /// An offer towards a browser with "a=group:BUNDLE mid" added before its m= line; null when
    /// nothing is to be added (see <see cref="AddToAnswer"/>).
    /// </summary>
    public static byte[]? AddToOffer(ReadOnlySpan<byte> sdp) => Add(sdp, default, isAnswer: false);

    /// <summary>
    /// An answer to a browser's <paramref name="offer"/> with "a=group:BUNDLE mid" added; null when
    /// there is a group already, more or fewer than one m= section, the section is rejected (port 0)
    /// or has no a=mid, or the offer's BUNDLE group does not name that mid (an answerer only accepts
    /// a group that was offered, RFC 9143 §7.3).
    /// </summary>
    public static byte[]? AddToAnswer(ReadOnlySpan<byte> sdp, ReadOnlySpan<byte> offer) => Add(sdp, offer, isAnswer: true);

    private static byte[]? Add(ReadOnlySpan<byte> sdp, ReadOnlySpan<byte> offer, bool isAnswer)
    {
        var media = -1;
        var sections = 0;
        var rejected = false;
        ReadOnlySpan<byte> mid = default;
        for (var position = 0; position < sdp.Length;)
        {
            var line = NextLine(sdp, ref position, out var start);
            if (line.StartsWith("a=group:BUNDLE"u8))
            {
                return null;
            }

            if (line.StartsWith("m="u8))
            {
                media = media < 0 ? start : media;
                sections++;
                rejected = Field(line, 1).SequenceEqual("0"u8);
            }
            else if (sections > 0 && line.StartsWith("a=mid:"u8))
            {
                mid = line[6..].Trim((byte)' ');
            }
        }

        if (sections != 1 || rejected || mid.IsEmpty || (isAnswer && !Offered(offer, mid)))
        {
            return null;
        }

        // Session-level attributes come last before the first m= line (RFC 8866 §5); keep its line ending.
        var crlf = media > 0 && sdp[media - 1] == '\n' && media > 1 && sdp[media - 2] == '\r';
        var output = new byte[sdp.Length + "a=group:BUNDLE "u8.Length + mid.Length + (crlf ? 2 : 1)];
        sdp[..media].CopyTo(output);
        var at = media;
        "a=group:BUNDLE "u8.CopyTo(output.AsSpan(at));
        at += "a=group:BUNDLE "u8.Length;
        mid.CopyTo(output.AsSpan(at));
        at += mid.Length;
        (crlf ? "\r\n"u8 : "\n"u8).CopyTo(output.AsSpan(at));
        at += crlf ? 2 : 1;
        sdp[media..].CopyTo(output.AsSpan(at));
        return output;
    }

    /// <summary>Whether a BUNDLE group of the offer names <paramref name="mid"/>.</summary>
    private static bool Offered(ReadOnlySpan<byte> offer, ReadOnlySpan<byte> mid)
    {
        for (var position = 0; position < offer.Length;)
        {
            var line = NextLine(offer, ref position, out _);
            if (!line.StartsWith("a=group:BUNDLE"u8))
            {
                continue;
            }

            foreach (var range in line[14..].Split((byte)' '))
            {
                if (line[14..][range].SequenceEqual(mid))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> sdp, scoped ref int position, out int start)
    {
        start = position;
        var rest = sdp[position..];
        var end = rest.IndexOfAny(LineEnds);
        var line = end < 0 ? rest : rest[..end];
        position += line.Length;
        if (position < sdp.Length && sdp[position] == '\r')
        {
            position++;
        }

        if (position < sdp.Length && sdp[position] == '\n')
        {
            position++;
        }

        return line;
    }

    /// <summary>The space-separated field <paramref name="index"/> of a line (m=audio PORT proto ...).</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index)
    {
        foreach (var range in line.Split((byte)' '))
        {
            if (index-- == 0)
            {
                return line[range];
            }
        }

        return default;
    }
}
