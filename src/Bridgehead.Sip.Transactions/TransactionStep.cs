namespace Bridgehead.Sip.Transactions;

/// <summary>
/// What a state machine wants done after an event: bytes to send (a request, a retransmission,
/// an ACK or a response), whether the event's response goes up to the transaction user, and
/// whether the transaction has ended (and why).
/// </summary>
public readonly record struct TransactionStep(
    ReadOnlyMemory<byte> Send = default,
    bool Deliver = false,
    bool Terminated = false,
    TransactionFailure Failure = TransactionFailure.None)
{
    public static TransactionStep None => default;

    public static TransactionStep Ended => new(Terminated: true);
}
