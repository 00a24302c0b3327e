using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>The transaction user of a client transaction (a proxy branch, a probe, a UAC).</summary>
public interface IClientTransactionOwner
{
    /// <summary>A response the state machine passes up (provisionals, the first final, RFC 6026 2xx).</summary>
    void OnResponse(ClientTransaction transaction, SipMessage response);

    /// <summary>No final response will come: Timer B/F fired or the transport failed.</summary>
    void OnFailure(ClientTransaction transaction, TransactionFailure failure);
}
