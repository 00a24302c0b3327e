namespace Bridgehead.Dtls;

/// <summary>Where a DTLS session is in its life.</summary>
public enum DtlsSessionState
{
    /// <summary>Created; datagrams are queued until the handshake starts.</summary>
    New,

    /// <summary>The handshake thread is running.</summary>
    Handshaking,

    /// <summary>Keys exported; datagrams still feed the engine for retransmitted flights and alerts.</summary>
    Connected,

    /// <summary>Ended: closed either way, or the handshake failed.</summary>
    Closed,
}
