namespace Bridgehead.Stun.Ice;

/// <summary>What the caller must do with a datagram after the agent has seen it.</summary>
public enum IceLiteOutcome
{
    /// <summary>Nothing to send; see <see cref="IceLiteResult.Error"/>.</summary>
    Dropped = 0,

    /// <summary>Send the success response in the response buffer back to the source.</summary>
    Answered,

    /// <summary>Send the error response in the response buffer back to the source.</summary>
    Rejected,

    /// <summary>A Binding indication (a keepalive, RFC 8445 §11): nothing to send.</summary>
    Indication,
}

/// <summary>State changes caused by one check.</summary>
[Flags]
public enum IceLiteEvents
{
    None = 0,

    /// <summary>A remote address was seen for the first time.</summary>
    PairAdded = 1,

    /// <summary>The controlling peer nominated the pair (USE-CANDIDATE).</summary>
    PairNominated = 2,

    /// <summary><see cref="IceLiteAgent.SelectedPair"/> changed: media goes to a new address.</summary>
    SelectedPairChanged = 4,

    /// <summary>A role conflict was resolved by switching our role.</summary>
    RoleChanged = 8,
}

/// <param name="Outcome">Whether a response was written.</param>
/// <param name="Error">Why there is no success response; <see cref="IceCheckError.None"/> when answered.</param>
/// <param name="ResponseLength">Bytes of the response in the caller's buffer (0 when none).</param>
/// <param name="Events">State changes to act on.</param>
/// <param name="Pair">The pair the check was for, when it was answered.</param>
public readonly record struct IceLiteResult(
    IceLiteOutcome Outcome,
    IceCheckError Error,
    int ResponseLength,
    IceLiteEvents Events,
    IceCandidatePair? Pair);
