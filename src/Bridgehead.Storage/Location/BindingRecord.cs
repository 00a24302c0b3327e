using Bridgehead.Sip;

namespace Bridgehead.Storage.Location;

/// <summary>
/// One contact registered for an address of record: what a REGISTER asked for (RFC 3261 §10.3)
/// plus what the edge learnt from where it arrived, so a request can later reach the user over
/// the same flow (RFC 5626) even from behind NAT. The key is (<see cref="Aor"/>,
/// <see cref="ContactUri"/>).
/// </summary>
/// <remarks>
/// Stores keep times to the millisecond: a record read back may differ from the one saved by
/// less than a millisecond in <see cref="ExpiresAt"/> and <see cref="UpdatedAt"/>.
/// </remarks>
public sealed record BindingRecord
{
    /// <summary>The highest q-value, in permille (q=1.0).</summary>
    public const int MaxQ = 1000;

    /// <summary>The address of record, normalised by the registrar to "user@domain".</summary>
    public required string Aor { get; init; }

    /// <summary>The Contact URI exactly as registered (with its parameters); compared ordinally.</summary>
    public required string ContactUri { get; init; }

    /// <summary>The Contact's q-value in permille, 0..1000 (RFC 3261 §20.10); 1000 when absent.</summary>
    public int Q { get; init; } = MaxQ;

    /// <summary>When the binding lapses (UTC).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Call-ID of the REGISTER that last refreshed the binding (RFC 3261 §10.3 step 7).</summary>
    public required string CallId { get; init; }

    /// <summary>CSeq number of that REGISTER; a refresh with the same Call-ID must carry a higher one.</summary>
    public required long CSeq { get; init; }

    /// <summary>The transport the REGISTER arrived over.</summary>
    public required SipTransportKind Transport { get; init; }

    /// <summary>"ip:port" the REGISTER came from: where a NATed user is really reached.</summary>
    public required string Source { get; init; }

    /// <summary>The listener it arrived on, e.g. "udp:127.0.0.1:5060": requests to the user leave from it.</summary>
    public required string LocalListener { get; init; }

    /// <summary>The stream connection the REGISTER arrived on; 0 when none (UDP, or not known).</summary>
    public long ConnectionId { get; init; }

    /// <summary>The Contact's +sip.instance (RFC 5626 §4.1), when the UA sent one.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The Contact's reg-id (RFC 5626 §4.2), when the UA sent one.</summary>
    public int? RegId { get; init; }

    /// <summary>The REGISTER's Path header values joined with ", " (RFC 3327 §5), when present.</summary>
    public string? Path { get; init; }

    /// <summary>The REGISTER's User-Agent, for operators.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Registrar-defined flags (NAT, WebRTC, …); the store keeps them as given.</summary>
    public int Flags { get; init; }

    /// <summary>When the registrar last wrote the binding (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A binding is expired from the instant of <see cref="ExpiresAt"/> on.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
