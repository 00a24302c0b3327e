using System.Diagnostics.CodeAnalysis;
using Bridgehead.Sip;
using Bridgehead.Storage.Location;

namespace Bridgehead.Storage.Sqlite;

/// <summary>A location row as SQLite returns it (INTEGER is long, times are Unix ms), filled by Dapper.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by Dapper.")]
internal sealed class BindingRow
{
    public string Aor { get; set; } = "";
    public string ContactUri { get; set; } = "";
    public long Q { get; set; }
    public long ExpiresAt { get; set; }
    public string CallId { get; set; } = "";
    public long CSeq { get; set; }
    public string Transport { get; set; } = "";
    public string Source { get; set; } = "";
    public string LocalListener { get; set; } = "";
    public long ConnectionId { get; set; }
    public string? InstanceId { get; set; }
    public long? RegId { get; set; }
    public string? Path { get; set; }
    public string? UserAgent { get; set; }
    public long Flags { get; set; }
    public long UpdatedAt { get; set; }

    /// <exception cref="InvalidDataException">The row holds a transport the schema's CHECK forbids.</exception>
    public BindingRecord ToRecord()
    {
        if (!SipTransportKindExtensions.TryParse(Transport, out var transport))
        {
            throw new InvalidDataException($"Binding {Aor} {ContactUri} has unknown transport '{Transport}'.");
        }

        return new BindingRecord
        {
            Aor = Aor,
            ContactUri = ContactUri,
            Q = (int)Q,
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
            CallId = CallId,
            CSeq = CSeq,
            Transport = transport,
            Source = Source,
            LocalListener = LocalListener,
            ConnectionId = ConnectionId,
            InstanceId = InstanceId,
            RegId = RegId is { } regId ? (int)regId : null,
            Path = Path,
            UserAgent = UserAgent,
            Flags = (int)Flags,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        };
    }
}
