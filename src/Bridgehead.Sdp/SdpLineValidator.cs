namespace Bridgehead.Sdp;

/// <summary>
/// Checks one line against the grammar of its type. Lines Bridgehead reads or rewrites are held
/// to their RFC grammar so typed access never meets a malformed value; other lines (i=, u=, e=,
/// p=, k=, unknown types and unknown attributes) are carried as they are.
/// </summary>
internal static class SdpLineValidator
{
    public static SdpParseError Validate(SdpLine line, bool mediaLevel)
    {
        var value = line.Value.AsSpan();
        if (value.ContainsAnyInRange('\0', '\x08') || value.ContainsAnyInRange('\x0a', '\x1f') || value.Contains('\x7f'))
        {
            return SdpParseError.InvalidCharacter;
        }

        switch (line.Type)
        {
            case 'v':
                return mediaLevel ? SdpParseError.LineOutOfPlace : value is "0" ? SdpParseError.None : SdpParseError.UnsupportedVersion;
            case 'o':
                return mediaLevel ? SdpParseError.LineOutOfPlace : SdpOrigin.TryParse(value, out _) ? SdpParseError.None : SdpParseError.InvalidOrigin;
            case 's' or 't' or 'r' or 'z':
                return mediaLevel ? SdpParseError.LineOutOfPlace : line.Type == 't' ? ValidateTiming(value) : SdpParseError.None;
            case 'c':
                return SdpConnection.TryParse(value, out _) ? SdpParseError.None : SdpParseError.InvalidConnection;
            case 'm':
                return SdpMediaLine.TryParse(value, out _) ? SdpParseError.None : SdpParseError.InvalidMediaLine;
            case 'b':
                return ValidateBandwidth(value);
            case 'a':
                return ValidateAttribute(value, mediaLevel);
            default:
                return SdpParseError.None;
        }
    }

    private static SdpParseError ValidateTiming(ReadOnlySpan<char> value)
    {
        var tokens = new SdpTokenizer(value);
        return tokens.TryNext(out var start) && SdpNumbers.IsDigits(start)
            && tokens.TryNext(out var stop) && SdpNumbers.IsDigits(stop) && tokens.IsEmpty
            ? SdpParseError.None
            : SdpParseError.InvalidTiming;
    }

    private static SdpParseError ValidateBandwidth(ReadOnlySpan<char> value)
    {
        // b=<bwtype>:<bandwidth> (RFC 8866 §5.8)
        var colon = value.IndexOf(':');
        return colon > 0 && SdpNumbers.IsToken(value[..colon]) && SdpNumbers.IsDigits(value[(colon + 1)..])
            ? SdpParseError.None
            : SdpParseError.InvalidBandwidth;
    }

    private static SdpParseError ValidateAttribute(ReadOnlySpan<char> lineValue, bool mediaLevel)
    {
        // Spans all the way: this runs for every attribute of every SDP the relay sees.
        var colon = lineValue.IndexOf(':');
        var name = colon < 0 ? lineValue : lineValue[..colon];
        var v = colon < 0 ? [] : lineValue[(colon + 1)..];
        if (!SdpNumbers.IsToken(name))
        {
            return SdpParseError.InvalidAttribute;
        }

        return name switch
        {
            SdpRtpMap.AttributeName => Check(SdpRtpMap.TryParse(v, out _), SdpParseError.InvalidRtpMap),
            SdpFmtp.AttributeName => Check(SdpFmtp.TryParse(v, out _), SdpParseError.InvalidFmtp),
            "ptime" or "maxptime" => Check(SdpMedia.TryParsePacketTime(v, out _), SdpParseError.InvalidPtime),
            SdpRtcp.AttributeName => Check(SdpRtcp.TryParse(v, out _), SdpParseError.InvalidRtcp),
            SdpCandidate.AttributeName => Check(SdpCandidate.TryParse(v, out _), SdpParseError.InvalidCandidate),
            "ice-ufrag" or "ice-pwd" => Check(SdpNumbers.IsVisible(v), SdpParseError.InvalidIceCredentials),
            SdpFingerprint.AttributeName => Check(SdpFingerprint.TryParse(v, out _), SdpParseError.InvalidFingerprint),
            SdpSetupRoleExtensions.AttributeName => Check(SdpSetupRoleExtensions.TryParse(v, out _), SdpParseError.InvalidSetup),
            SdpCrypto.AttributeName => Check(SdpCrypto.TryParse(v, out _), SdpParseError.InvalidCrypto),
            SdpExtmap.AttributeName => Check(SdpExtmap.TryParse(v, out _), SdpParseError.InvalidExtmap),
            SdpGroup.AttributeName when !mediaLevel => Check(SdpGroup.TryParse(v, out _), SdpParseError.InvalidGroup),
            "mid" => Check(SdpNumbers.IsToken(v), SdpParseError.InvalidMid),
            _ => SdpParseError.None,
        };
    }

    private static SdpParseError Check(bool valid, SdpParseError error) => valid ? SdpParseError.None : error;
}
