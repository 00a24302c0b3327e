using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>Outcome of handing bytes to the transport.</summary>
public enum SendOutcome : byte
{
    Sent,

    /// <summary>The connection the message had to use is gone (RFC 3261 §18.2.2 then tries a new one).</summary>
    ConnectionClosed,

    ConnectFailed,

    NoListener,

    TooLarge,

    /// <summary>A send is under way on a connection that had to be opened; its result comes later.</summary>
    Pending,
}

/// <summary>The transport as the transaction layer sees it: send bytes to a destination.</summary>
public interface ISipSender
{
    /// <summary>
    /// Sends without blocking. When a connection must be opened first, returns
    /// <see cref="SendOutcome.Pending"/> and reports a later failure through <paramref name="onFailure"/>.
    /// </summary>
    SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null);
}

/// <summary>Told when a pending send failed after all.</summary>
public interface ISendFailureObserver
{
    void OnSendFailed(SendOutcome outcome);
}
