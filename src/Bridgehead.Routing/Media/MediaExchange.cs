using System.Net;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Media;

/// <summary>
/// One offer/answer exchange through the edge: a proxied INVITE (initial or re-INVITE) or UPDATE.
/// It holds the SDP each kind of target gets, which kind the relay last prepared, and the queue
/// that keeps the responses in order while their answers are at the relay.
/// </summary>
internal sealed class MediaExchange
{
    /// <summary>The relayed call; null when no relay is in the path (Media:Mode off).</summary>
    public MediaCall? Call { get; init; }

    public required string CallId { get; init; }

    /// <summary>The tag of the request's sender (ng's from-tag for its offer and the answer to it).</summary>
    public required string OffererTag { get; init; }

    /// <summary>What the request's sender speaks: the answer goes back in its profile.</summary>
    public MediaLegKind OffererKind { get; init; }

    /// <summary>The dialog-creating INVITE (a failure ends the relay session); false for re-INVITE and UPDATE.</summary>
    public bool IsInitial { get; init; }

    /// <summary>The request carried no SDP: the offer comes in the 2xx, the answer in the ACK.</summary>
    public bool IsLateOffer { get; init; }

    /// <summary>The request's own SDP, for a re-offer when a fork of the other kind answers.</summary>
    public ReadOnlyMemory<byte> Offer { get; init; }

    public byte[]? PlainBody { get; set; }

    public byte[]? WebRtcBody { get; set; }

    /// <summary>The kind of target the relay's session was last prepared for.</summary>
    public MediaLegKind RelayHolds { get; set; }

    /// <summary>With Media:Mode off: the public address for SDP of switches (fix_nated_sdp).</summary>
    public IPAddress? NatAddress { get; init; }

    /// <summary>A 2xx's answer failed: the caller got a 5xx, and retransmissions of that 2xx go no further.</summary>
    public bool Failed { get; set; }

    public SerialQueue Queue { get; } = new();

    /// <summary>The body for a branch leaving by this transport, or null to keep the request's own.</summary>
    public byte[]? BodyFor(SipTransportKind outbound) =>
        MediaLegKinds.OfReceiver(outbound) == MediaLegKind.WebRtc ? WebRtcBody : PlainBody;
}
