namespace Bridgehead.Sdp;

/// <summary>
/// One RTP payload format of a media section: the m= payload type with its rtpmap (or the static
/// assignment of RFC 3551 §6 when there is none) and its fmtp parameters.
/// </summary>
public sealed record SdpCodec(int PayloadType, string Name, int ClockRate, int Channels = 1, string? FormatParameters = null)
{
    public const string TelephoneEvent = "telephone-event";
    public const string ComfortNoise = "CN";

    /// <summary>
    /// Same codec by RFC 3264 §6.1's test: encoding name (case-insensitive, RFC 4855 §3), clock
    /// rate and channel count. Payload type numbers are local to each side and do not take part.
    /// </summary>
    public bool IsSameCodec(SdpCodec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name.Equals(other.Name, StringComparison.OrdinalIgnoreCase)
            && ClockRate == other.ClockRate
            && Channels == other.Channels;
    }

    /// <summary>
    /// Formats that ride along with a voice codec of the same clock rate rather than carry a
    /// stream of their own: RFC 4733 DTMF events and RFC 3389 comfort noise.
    /// </summary>
    public bool IsCompanion =>
        Name.Equals(TelephoneEvent, StringComparison.OrdinalIgnoreCase)
        || Name.Equals(ComfortNoise, StringComparison.OrdinalIgnoreCase);

    /// <summary>The rtpmap line for this codec; the channel count is written only when it is not 1.</summary>
    public SdpRtpMap ToRtpMap() => new(PayloadType, Name, ClockRate, Channels == 1 ? null : Channels);
}

/// <summary>The static RTP payload types of RFC 3551 §6 (tables 4 and 5) that need no rtpmap.</summary>
public static class SdpStaticPayloadTypes
{
    private static readonly SdpCodec?[] Table = Build();

    public static SdpCodec? Find(int payloadType) =>
        payloadType >= 0 && payloadType < Table.Length ? Table[payloadType] : null;

    private static SdpCodec?[] Build()
    {
        var table = new SdpCodec?[35];
        void Add(int pt, string name, int rate, int channels = 1) => table[pt] = new SdpCodec(pt, name, rate, channels);
        Add(0, "PCMU", 8000);
        Add(3, "GSM", 8000);
        Add(4, "G723", 8000);
        Add(5, "DVI4", 8000);
        Add(6, "DVI4", 16000);
        Add(7, "LPC", 8000);
        Add(8, "PCMA", 8000);
        Add(9, "G722", 8000); // 16 kHz audio, but 8000 on the wire by an old mistake kept for compatibility (RFC 3551 §4.5.2)
        Add(10, "L16", 44100, 2);
        Add(11, "L16", 44100);
        Add(12, "QCELP", 8000);
        Add(13, "CN", 8000);
        Add(14, "MPA", 90000);
        Add(15, "G728", 8000);
        Add(16, "DVI4", 11025);
        Add(17, "DVI4", 22050);
        Add(18, "G729", 8000);
        Add(25, "CelB", 90000);
        Add(26, "JPEG", 90000);
        Add(28, "nv", 90000);
        Add(31, "H261", 90000);
        Add(32, "MPV", 90000);
        Add(33, "MP2T", 90000);
        Add(34, "H263", 90000);
        return table;
    }
}
