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
                return ValidateAttribute(line.Value, mediaLevel);
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

    private static SdpParseError ValidateAttribute(string lineValue, bool mediaLevel)
    {
        var attribute = SdpAttribute.FromLineValue(lineValue);
        if (!SdpNumbers.IsToken(attribute.Name))
        {
            return SdpParseError.InvalidAttribute;
        }

        var v = attribute.Value.AsSpan();
        var ok = attribute.Name switch
        {
            SdpRtpMap.AttributeName => (SdpRtpMap.TryParse(v, out _), SdpParseError.InvalidRtpMap),
            SdpFmtp.AttributeName => (SdpFmtp.TryParse(v, out _), SdpParseError.InvalidFmtp),
            "ptime" or "maxptime" => (SdpMedia.TryParsePacketTime(v, out _), SdpParseError.InvalidPtime),
            SdpRtcp.AttributeName => (SdpRtcp.TryParse(v, out _), SdpParseError.InvalidRtcp),
            SdpCandidate.AttributeName => (SdpCandidate.TryParse(v, out _), SdpParseError.InvalidCandidate),
            "ice-ufrag" or "ice-pwd" => (SdpNumbers.IsVisible(v), SdpParseError.InvalidIceCredentials),
            SdpFingerprint.AttributeName => (SdpFingerprint.TryParse(v, out _), SdpParseError.InvalidFingerprint),
            SdpSetupRoleExtensions.AttributeName => (SdpSetupRoleExtensions.TryParse(v, out _), SdpParseError.InvalidSetup),
            SdpCrypto.AttributeName => (SdpCrypto.TryParse(v, out _), SdpParseError.InvalidCrypto),
            SdpExtmap.AttributeName => (SdpExtmap.TryParse(v, out _), SdpParseError.InvalidExtmap),
            SdpGroup.AttributeName when !mediaLevel => (SdpGroup.TryParse(v, out _), SdpParseError.InvalidGroup),
            "mid" => (SdpNumbers.IsToken(v), SdpParseError.InvalidMid),
            _ => (true, SdpParseError.None),
        };
        return ok.Item1 ? SdpParseError.None : ok.Item2;
    }
}
