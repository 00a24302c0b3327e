namespace Bridgehead.AppNode.Calls;

/// <summary>Where a call is in its life.</summary>
public enum CallState : byte
{
    /// <summary>The node sent an INVITE and waits for the final response.</summary>
    Calling,

    /// <summary>The node answered 200 and waits for the ACK (RFC 3261 §13.3.1.4 retransmits the 200 meanwhile).</summary>
    Answered,

    /// <summary>ACK received (UAS) or sent (UAC): the dialog is confirmed.</summary>
    Confirmed,

    Ended,
}
