namespace Bridgehead.Ng;

/// <summary>
/// One call as query and delete report it (ng-protocol §3.5): the parties (tags), their media
/// and stream pairs, and packet totals. Kamailio's and OpenSIPS's $rtpstat read the totals.
/// </summary>
public sealed record NgCallStats
{
    /// <summary>Unix seconds.</summary>
    public long? Created { get; init; }

    public long? CreatedMicroseconds { get; init; }

    /// <summary>Unix seconds of the last offer, answer or other signalling.</summary>
    public long? LastSignal { get; init; }

    public IReadOnlyList<NgTagStats> Tags { get; init; } = [];

    public NgPacketStats? RtpTotals { get; init; }

    public NgPacketStats? RtcpTotals { get; init; }
}

/// <summary>One party (monologue) of a call, named by its SIP tag.</summary>
public sealed record NgTagStats(string Tag)
{
    public long? Created { get; init; }

    public string? Label { get; init; }

    public string? ViaBranch { get; init; }

    /// <summary>The tag of the other party (older releases say "in dialogue with", newer list subscriptions).</summary>
    public string? InDialogueWith { get; init; }

    public IReadOnlyList<string> Subscriptions { get; init; } = [];

    public IReadOnlyList<NgMediaStats> Medias { get; init; } = [];
}

/// <summary>One m= section of a party: its index, type and protocol, and its stream pair.</summary>
public sealed record NgMediaStats(int Index, string Type, string Protocol)
{
    /// <summary>initialized, send, recv, rtcp-mux, DTLS-SRTP, ICE, …</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public IReadOnlyList<NgStreamStats> Streams { get; init; } = [];
}

/// <summary>One local socket of a media section (RTP, or RTCP when not muxed).</summary>
public sealed record NgStreamStats(int LocalPort, string LocalAddress)
{
    public string? Family { get; init; }

    /// <summary>Where the peer's media comes from (learned or from SDP).</summary>
    public NgEndpoint? Endpoint { get; init; }

    public NgEndpoint? AdvertisedEndpoint { get; init; }

    public long? LastPacket { get; init; }

    /// <summary>RTP, RTCP, filled, confirmed, kernelized, ICE, …</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public NgPacketStats Stats { get; init; } = NgPacketStats.Zero;
}

public sealed record NgEndpoint(string Family, string Address, int Port);

public sealed record NgPacketStats(long Packets, long Bytes, long Errors)
{
    public static NgPacketStats Zero { get; } = new(0, 0, 0);
}
