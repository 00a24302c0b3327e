using System.Globalization;

namespace Bridgehead.Sdp;

public sealed partial class SdpMedia
{
    /// <summary>
    /// The RTP payload formats in m= order, each from its rtpmap or, for a static payload type
    /// without one, from RFC 3551 §6. A dynamic payload type without an rtpmap names no codec and
    /// is left out. Empty for non-RTP protocols.
    /// </summary>
    public IReadOnlyList<SdpCodec> Codecs
    {
        get
        {
            var line = MediaLine;
            if (!SdpProtocol.IsRtp(line.Protocol))
            {
                return [];
            }

            var rtpMaps = RtpMaps;
            var fmtps = Fmtps;
            var codecs = new List<SdpCodec>(line.Formats.Count);
            foreach (var format in line.Formats)
            {
                if (!SdpNumbers.TryParseInt(format, 0, 127, out var pt))
                {
                    continue;
                }

                var rtpMap = rtpMaps.FirstOrDefault(m => m.PayloadType == pt);
                var codec = rtpMap is not null
                    ? new SdpCodec(pt, rtpMap.EncodingName, rtpMap.ClockRate, rtpMap.Channels)
                    : SdpStaticPayloadTypes.Find(pt);
                if (codec is null)
                {
                    continue;
                }

                var fmtp = fmtps.FirstOrDefault(f => f.Format == format);
                codecs.Add(fmtp is null ? codec : codec with { FormatParameters = fmtp.Parameters });
            }

            return codecs;
        }
    }

    /// <summary>
    /// Makes the section offer exactly these codecs, in this order: the m= format list is
    /// rewritten, rtpmap/fmtp/rtcp-fb lines of payload types that are gone are removed, and
    /// rtpmap/fmtp lines are rewritten or added only where they differ, so lines of codecs that
    /// stay are left as they were.
    /// </summary>
    public void SetCodecs(IReadOnlyList<SdpCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        if (codecs.Count == 0)
        {
            throw new ArgumentException("A media section needs at least one format; reject the stream with port 0 instead.", nameof(codecs));
        }

        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var codec in codecs)
        {
            // Validate everything before changing anything.
            ArgumentNullException.ThrowIfNull(codec);
            Checked(SdpLine.Attribute(SdpRtpMap.AttributeName, codec.ToRtpMap().ToString()));
            if (codec.FormatParameters is not null)
            {
                Checked(SdpLine.Attribute(SdpFmtp.AttributeName, new SdpFmtp("0", codec.FormatParameters).ToString()));
            }

            if (!keep.Add(codec.PayloadType.ToString(CultureInfo.InvariantCulture)))
            {
                throw new ArgumentException($"Payload type {codec.PayloadType} is listed twice.", nameof(codecs));
            }
        }

        // 1. Drop the per-format lines of formats that leave ("a=rtcp-fb:* …" applies to all and stays).
        LineList.RemoveAll(line => line.Type == 'a' && FormatOf(line.Value) is { } format && !keep.Contains(format));

        // 2. m= line.
        MediaLine = MediaLine with { Formats = [.. codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture))] };

        // 3. rtpmap and fmtp per codec, in place when present.
        foreach (var codec in codecs)
        {
            var format = codec.PayloadType.ToString(CultureInfo.InvariantCulture);
            var rtpMapText = codec.ToRtpMap().ToString();
            var rtpMapIndex = IndexOfFormatAttribute(SdpRtpMap.AttributeName, format);
            if (rtpMapIndex < 0)
            {
                rtpMapIndex = FormatBlockEnd();
                LineList.Insert(rtpMapIndex, Checked(SdpLine.Attribute(SdpRtpMap.AttributeName, rtpMapText)));
            }
            else if (SdpRtpMap.TryParse(SdpAttribute.ValueSpan(LineList[rtpMapIndex].Value, SdpRtpMap.AttributeName), out var existing)
                && !(existing.EncodingName == codec.Name && existing.ClockRate == codec.ClockRate && existing.Channels == codec.Channels))
            {
                LineList[rtpMapIndex] = Checked(SdpLine.Attribute(SdpRtpMap.AttributeName, rtpMapText, LineList[rtpMapIndex].Ending));
            }

            var fmtpIndex = IndexOfFormatAttribute(SdpFmtp.AttributeName, format);
            if (codec.FormatParameters is null)
            {
                if (fmtpIndex >= 0)
                {
                    LineList.RemoveAt(fmtpIndex);
                }
            }
            else
            {
                var fmtpText = new SdpFmtp(format, codec.FormatParameters).ToString();
                if (fmtpIndex < 0)
                {
                    LineList.Insert(rtpMapIndex + 1, Checked(SdpLine.Attribute(SdpFmtp.AttributeName, fmtpText)));
                }
                else if (SdpAttribute.ValueSpan(LineList[fmtpIndex].Value, SdpFmtp.AttributeName).Trim(" \t").ToString() != fmtpText)
                {
                    LineList[fmtpIndex] = Checked(SdpLine.Attribute(SdpFmtp.AttributeName, fmtpText, LineList[fmtpIndex].Ending));
                }
            }
        }
    }

    private SdpLine Checked(SdpLine line)
    {
        EnsureValid(line);
        return line;
    }

    /// <summary>
    /// Keeps only the listed formats (in m= order as given), with their rtpmap/fmtp/rtcp-fb
    /// lines; works for any protocol, including formats that are not RTP payload types.
    /// </summary>
    public void RetainFormats(IReadOnlyList<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var keep = new HashSet<string>(formats, StringComparer.Ordinal);
        LineList.RemoveAll(line => line.Type == 'a' && FormatOf(line.Value) is { } format && !keep.Contains(format));
        MediaLine = MediaLine with { Formats = [.. formats] };
    }

    /// <summary>The format an rtpmap, fmtp or rtcp-fb attribute refers to, or null for other lines and "*".</summary>
    private static string? FormatOf(string lineValue)
    {
        string? name = SdpAttribute.NameIs(lineValue, SdpRtpMap.AttributeName) ? SdpRtpMap.AttributeName
            : SdpAttribute.NameIs(lineValue, SdpFmtp.AttributeName) ? SdpFmtp.AttributeName
            : SdpAttribute.NameIs(lineValue, "rtcp-fb") ? "rtcp-fb"
            : null;
        if (name is null)
        {
            return null;
        }

        var tokens = new SdpTokenizer(SdpAttribute.ValueSpan(lineValue, name));
        return tokens.TryNext(out var format) && !format.SequenceEqual("*") ? format.ToString() : null;
    }

    private int IndexOfFormatAttribute(string name, string format)
    {
        for (var i = 1; i < LineList.Count; i++)
        {
            var value = LineList[i].Value;
            if (LineList[i].Type == 'a' && SdpAttribute.NameIs(value, name) && FormatOf(value) == format)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Just after the last rtpmap/fmtp/rtcp-fb line, or the end of the section.</summary>
    private int FormatBlockEnd()
    {
        for (var i = LineList.Count - 1; i > 0; i--)
        {
            if (LineList[i].Type == 'a' && FormatOf(LineList[i].Value) is not null)
            {
                return i + 1;
            }
        }

        return LineList.Count;
    }
}
