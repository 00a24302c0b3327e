namespace Bridgehead.Sip.Transactions;

/// <summary>The states of the four RFC 3261 §17 machines, with RFC 6026's Accepted.</summary>
public enum TransactionState : byte
{
    /// <summary>Client INVITE before any response.</summary>
    Calling,

    /// <summary>Non-INVITE client or server before any response.</summary>
    Trying,

    Proceeding,

    Completed,

    /// <summary>Server INVITE after the ACK for a non-2xx final response.</summary>
    Confirmed,

    /// <summary>RFC 6026: after a 2xx to INVITE, absorbing retransmissions until Timer L/M.</summary>
    Accepted,

    Terminated,
}

/// <summary>Why a client transaction ended without a final response.</summary>
public enum TransactionFailure : byte
{
    None,

    /// <summary>Timer B or F fired: the next hop never answered (the proxy treats it as 408).</summary>
    Timeout,

    /// <summary>The transport could not send (RFC 3261 §17.1.4: treat as 503).</summary>
    TransportError,
}
