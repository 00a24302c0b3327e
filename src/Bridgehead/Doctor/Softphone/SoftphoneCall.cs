using Bridgehead.AppNode.Sip;

namespace Bridgehead.Doctor.Softphone;

/// <summary>One call of the doctor's softphone, placed or answered, and what was seen in it.</summary>
internal sealed class SoftphoneCall
{
    public SoftphoneCall(string callId, bool incoming, SoftphoneMedia media)
    {
        CallId = callId;
        IsIncoming = incoming;
        Media = media;
    }

    public string CallId { get; }

    public bool IsIncoming { get; }

    public SoftphoneMedia Media { get; }

    /// <summary>The caller's user (incoming calls).</summary>
    public string? From { get; set; }

    /// <summary>The SDP the other side sent: the offer of an incoming call, the answer of a placed one.</summary>
    public string? ReceivedSdp { get; set; }

    public Dialog? Dialog { get; set; }

    public int? FinalStatus { get; set; }

    public string? ReasonPhrase { get; set; }

    public bool Answered => Dialog is not null;

    /// <summary>Why this phone refused or dropped the call.</summary>
    public string? Failure { get; set; }

    /// <summary>The 2xx of an incoming call, resent until the ACK (RFC 3261 §13.3.1.4).</summary>
    public byte[]? FinalResponse { get; set; }

    /// <summary>The ACK of a placed call, resent for each retransmitted 2xx.</summary>
    public byte[]? Ack { get; set; }

    public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the other side hung up (its BYE).</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
