namespace Bridgehead.Routing.Media;

/// <summary>Why a request or response could not be carried: the status and reason the sender gets.</summary>
internal readonly record struct MediaFailure(int Status, string Reason);

/// <summary>What to do with a request after its offer: forward it (with the exchange's bodies, or untouched when null), or fail it.</summary>
internal readonly record struct OfferOutcome(MediaExchange? Exchange, MediaFailure? Failure);

internal enum ResponseAction
{
    /// <summary>Send it upstream, with <see cref="ResponseOutcome.Body"/> when set.</summary>
    Forward,

    /// <summary>Send nothing: a provisional whose answer failed, a retransmitted 2xx of a failed exchange.</summary>
    Drop,

    /// <summary>The 2xx's answer failed: the caller gets <see cref="ResponseOutcome.Failure"/> instead.</summary>
    Fail,
}

internal readonly record struct ResponseOutcome(ResponseAction Action, byte[]? Body = null, MediaFailure? Failure = null)
{
    public static readonly ResponseOutcome Unchanged = new(ResponseAction.Forward);
}
