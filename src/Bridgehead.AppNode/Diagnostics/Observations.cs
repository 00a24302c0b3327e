using System.Net;

namespace Bridgehead.AppNode.Diagnostics;

/// <summary>The kind of user agent at one end of a step.</summary>
public enum PeerKind
{
    /// <summary>A plain SIP phone: UDP, RTP/AVP, G.711.</summary>
    Softphone,

    /// <summary>A WebRTC browser: SIP over WebSocket, ICE, DTLS-SRTP.</summary>
    Browser,

    /// <summary>The switch behind the edge (the application node).</summary>
    Switch,
}

/// <summary>A Contact as the switch stored it (its registrar's view), with the Path it keeps beside it.</summary>
public sealed record StoredContact(string User, string Contact, IReadOnlyList<string> Path);

/// <summary>One WebSocket connection that carried a registration.</summary>
/// <param name="Registered">How long the registrar granted (the 200's expires).</param>
/// <param name="ClosedAfter">How long after the registration the connection closed, or null while it stays open.</param>
/// <param name="CloseDetail">What the browser reported on close (code, reason).</param>
public sealed record ConnectionObservation(TimeSpan Registered, TimeSpan? ClosedAfter, string? CloseDetail = null);

/// <summary>What one end of a call saw.</summary>
public sealed record LegObservation
{
    /// <summary>Its name in the report ("softphone 1000", "browser 1002", "the switch").</summary>
    public required string Name { get; init; }

    public PeerKind Kind { get; init; }

    /// <summary>The edge's address as this peer reaches it; addresses narrower than it are out of reach.</summary>
    public IPAddress? EdgeAddress { get; init; }

    /// <summary>The SDP this peer received from the other side (the offer when it was called, the answer when it called).</summary>
    public string? ReceivedSdp { get; init; }

    /// <summary>Whether packet counts were measured at this end (a switch may not say).</summary>
    public bool Measured { get; init; } = true;

    /// <summary>Whether this end must hear audio for the step to pass.</summary>
    public bool ExpectsAudio { get; init; } = true;

    /// <summary>Whether this end must hear its own audio come back (the echo application).</summary>
    public bool ExpectsEcho { get; init; }

    public long PacketsSent { get; init; }

    public long PacketsReceived { get; init; }

    /// <summary>Received packets whose decoded payload was above the silence threshold.</summary>
    public long VoicedPacketsReceived { get; init; }

    /// <summary>Received packets whose payload was one this end had sent.</summary>
    public long EchoedPackets { get; init; }

    /// <summary>The browser's ICE connection state at the end of the call ("connected", "failed").</summary>
    public string? IceState { get; init; }

    /// <summary>The browser's DTLS transport state ("connected", "failed").</summary>
    public string? DtlsState { get; init; }

    /// <summary>What the user agent said when the call failed on its side ("Bad Media Description").</summary>
    public string? Failure { get; init; }
}

/// <summary>Everything seen during one call step.</summary>
public sealed record CallObservation
{
    public required LegObservation Caller { get; init; }

    public required LegObservation Callee { get; init; }

    /// <summary>Whether the call was answered (a 2xx reached the caller).</summary>
    public bool Answered { get; init; }

    /// <summary>The final status the caller got, or null when none came.</summary>
    public int? FinalStatus { get; init; }

    public string? ReasonPhrase { get; init; }

    /// <summary>What the switch had stored for the callee when the call was placed.</summary>
    public IReadOnlyList<StoredContact> StoredContacts { get; init; } = [];

    /// <summary>The WebSocket connections the browsers of the step registered on.</summary>
    public IReadOnlyList<ConnectionObservation> Connections { get; init; } = [];
}

/// <summary>Everything seen while a user agent registered.</summary>
public sealed record RegistrationObservation
{
    public required string Name { get; init; }

    public PeerKind Kind { get; init; }

    /// <summary>The final status of the last REGISTER, or null when none came.</summary>
    public int? FinalStatus { get; init; }

    public string? ReasonPhrase { get; init; }

    /// <summary>Whether credentials had been sent when the final status came.</summary>
    public bool Authenticated { get; init; }

    /// <summary>What the switch stored for the user, when the doctor could ask it.</summary>
    public IReadOnlyList<StoredContact> StoredContacts { get; init; } = [];

    /// <summary>The connection the registration rides on (browsers).</summary>
    public ConnectionObservation? Connection { get; init; }
}
