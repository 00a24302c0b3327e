using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// A media section: the m= line and the lines up to the next m= (RFC 8866 §5.14). Holds typed
/// access to what a relay reads and rewrites per stream; codec editing is in SdpMedia.Codecs.cs.
/// </summary>
public sealed partial class SdpMedia : SdpSection
{
    public SdpMedia(SdpMediaLine mediaLine)
        : base([new SdpLine('m', (mediaLine ?? throw new ArgumentNullException(nameof(mediaLine))).ToString())])
    {
        EnsureValid(LineList[0]);
    }

    internal SdpMedia(List<SdpLine> lines)
        : base(lines)
    {
    }

    private protected override bool IsMediaLevel => true;

    /// <summary>The m= line; setting it rewrites only that line.</summary>
    public SdpMediaLine MediaLine
    {
        get => SdpMediaLine.TryParse(LineList[0].Value, out var line) ? line : throw new InvalidOperationException("The m= line is invalid.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var text = value.ToString();
            if (text != LineList[0].Value)
            {
                ReplaceLine(0, LineList[0] with { Value = text, IsLatin1 = false });
            }
        }
    }

    /// <summary>"audio", "video", "application", …</summary>
    public string MediaType => MediaLine.Media;

    public int Port
    {
        get => MediaLine.Port;
        set => MediaLine = MediaLine with { Port = value };
    }

    public string Protocol
    {
        get => MediaLine.Protocol;
        set => MediaLine = MediaLine with { Protocol = value };
    }

    public IReadOnlyList<string> Formats
    {
        get => MediaLine.Formats;
        set => MediaLine = MediaLine with { Formats = value };
    }

    /// <summary>Port 0: the stream was rejected or disabled (RFC 3264 §6, §8.2).</summary>
    public bool IsRejected => MediaLine.Port == 0;

    /// <summary>a=mid (RFC 5888 §4); BUNDLE groups and browsers refer to streams by it.</summary>
    public string? Mid
    {
        get => GetAttribute("mid");
        set => SetOrRemove("mid", value);
    }

    public IReadOnlyList<SdpRtpMap> RtpMaps => ParseAll<SdpRtpMap>(SdpRtpMap.AttributeName, SdpRtpMap.TryParse);

    public IReadOnlyList<SdpFmtp> Fmtps => ParseAll<SdpFmtp>(SdpFmtp.AttributeName, SdpFmtp.TryParse);

    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var rtpMap in RtpMaps)
        {
            if (rtpMap.PayloadType == payloadType)
            {
                return rtpMap;
            }
        }

        return null;
    }

    public SdpFmtp? FindFmtp(string format)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.Format == format)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>a=ptime in milliseconds (RFC 8866 §6.4); a fractional value is truncated.</summary>
    public int? Ptime
    {
        get => GetAttribute("ptime") is { } v && TryParsePacketTime(v, out var ms) ? ms : null;
        set => SetOrRemove("ptime", value?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>a=maxptime in milliseconds (RFC 8866 §6.5).</summary>
    public int? MaxPtime
    {
        get => GetAttribute("maxptime") is { } v && TryParsePacketTime(v, out var ms) ? ms : null;
        set => SetOrRemove("maxptime", value?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>a=rtcp (RFC 3605).</summary>
    public SdpRtcp? Rtcp
    {
        get => GetAttribute(SdpRtcp.AttributeName) is { } v && SdpRtcp.TryParse(v, out var rtcp) ? rtcp : null;
        set => SetOrRemove(SdpRtcp.AttributeName, value?.ToString());
    }

    /// <summary>a=rtcp-mux: RTP and RTCP on one port (RFC 5761 §5.1.1); browsers require it.</summary>
    public bool RtcpMux
    {
        get => HasAttribute("rtcp-mux");
        set => SetFlag("rtcp-mux", value);
    }

    /// <summary>a=rtcp-rsize: reduced-size RTCP (RFC 5506 §5).</summary>
    public bool RtcpReducedSize
    {
        get => HasAttribute("rtcp-rsize");
        set => SetFlag("rtcp-rsize", value);
    }

    public IReadOnlyList<SdpCandidate> Candidates => ParseAll<SdpCandidate>(SdpCandidate.AttributeName, SdpCandidate.TryParse);

    public void AddCandidate(SdpCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        AddAttribute(SdpCandidate.AttributeName, candidate.ToString());
    }

    /// <summary>a=end-of-candidates (RFC 8840 §8.2): no more trickled candidates will follow.</summary>
    public bool EndOfCandidates
    {
        get => HasAttribute("end-of-candidates");
        set => SetFlag("end-of-candidates", value);
    }

    public IReadOnlyList<SdpCrypto> Cryptos => ParseAll<SdpCrypto>(SdpCrypto.AttributeName, SdpCrypto.TryParse);

    public void AddCrypto(SdpCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        AddAttribute(SdpCrypto.AttributeName, crypto.ToString());
    }

    /// <summary>A deep copy; lines are immutable, so only the list is copied.</summary>
    public SdpMedia Clone() => new([.. LineList]);

    private protected override int ConnectionInsertIndex()
    {
        // m= i= c= b= k= a= (RFC 8866 §5)
        return IndexOfFirst("bka");
    }

    /// <summary>Packet time: digits with an optional fraction (some stacks write "20.0").</summary>
    internal static bool TryParsePacketTime(ReadOnlySpan<char> value, out int milliseconds)
    {
        milliseconds = 0;
        value = value.Trim(" \t");
        var dot = value.IndexOf('.');
        if (dot >= 0)
        {
            if (!SdpNumbers.IsDigits(value[(dot + 1)..]))
            {
                return false;
            }

            value = value[..dot];
        }

        return SdpNumbers.TryParseInt(value, 0, 100_000, out milliseconds);
    }
}
