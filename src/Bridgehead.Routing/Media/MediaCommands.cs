using Bridgehead.Ng;

namespace Bridgehead.Routing.Media;

/// <summary>
/// The ng offer and answer commands the edge sends, with the flag string of the leg the rewritten
/// SDP goes to (ng-protocol §4, §5). No via-branch: one relay session per call, and a later
/// 2xx from another fork takes the answerer's leg over. ng's from-tag is always the offerer's tag: the caller's for
/// an INVITE's offer, the callee's for its re-INVITE or for a late offer in its 200.
/// </summary>
public sealed class MediaCommands(MediaOptions options)
{
    private readonly MediaOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string FlagsFor(MediaLegKind kind) => kind == MediaLegKind.WebRtc ? _options.WebRtcFlags : _options.PlainFlags;

    /// <summary>An offer whose rewritten SDP goes to a party of kind <paramref name="towards"/>.</summary>
    public NgOfferCommand Offer(string callId, string offererTag, string? answererTag, ReadOnlyMemory<byte> sdp, MediaLegKind towards) =>
        NgFlagString.Apply(new NgOfferCommand(callId, offererTag, sdp) { ToTag = answererTag }, FlagsFor(towards));

    /// <summary>An answer whose rewritten SDP goes back to the offerer, of kind <paramref name="towards"/>.</summary>
    public NgAnswerCommand Answer(string callId, string offererTag, string answererTag, ReadOnlyMemory<byte> sdp, MediaLegKind towards) =>
        NgFlagString.Apply(new NgAnswerCommand(callId, offererTag, answererTag, sdp), towards == MediaLegKind.WebRtc ? _options.WebRtcAnswerFlags : _options.PlainFlags);

    /// <summary>Ends the whole call at the relay (ng-protocol §5.6).</summary>
    public static NgDeleteCommand Delete(string callId, string callerTag) => new(callId) { FromTag = callerTag };
}
