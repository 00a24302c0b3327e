using System.Globalization;
using System.Text.Json;
using Bridgehead.AppNode.Diagnostics;

namespace Bridgehead.Doctor.Browser;

/// <summary>What a browser saw of one call.</summary>
internal sealed record BrowserCall(bool Answered, int? Status, string? Reason, string? ReceivedSdp, string? Failure);

internal sealed partial class BrowserPhones
{
    /// <summary>Registers a JsSIP phone under <paramref name="id"/>, then watches its connection for <paramref name="hold"/>.</summary>
    public async Task<RegistrationObservation> RegisterAsync(string id, DoctorUser user, Uri url, string domain, int expires, TimeSpan hold, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ms = (int)timeout.TotalMilliseconds;
        var result = await EvaluateAsync($"doctor.register({Q(id)}, {Q(user.Name)}, {Q(user.Password)}, {DevToolsSession.Quote(url)}, {Q(domain)}, {expires}, {ms})", timeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var name = $"browser {user.Name}";
        var ok = result.GetProperty("ok").GetBoolean();
        int? status = result.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        var reason = result.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : result.TryGetProperty("why", out var w) ? w.GetString() : null;
        if (ok)
        {
            await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
        }

        return new RegistrationObservation
        {
            Name = name,
            Kind = PeerKind.Browser,
            FinalStatus = ok ? status ?? 200 : status,
            ReasonPhrase = reason,
            Authenticated = true,
            Connection = ok ? await ConnectionAsync(id, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    /// <summary>Whether the phone's WebSocket closed since it registered, and when.</summary>
    public async Task<ConnectionObservation?> ConnectionAsync(string id, CancellationToken cancellationToken)
    {
        var c = await EvaluateAsync($"doctor.connection({Q(id)})", TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (c.GetProperty("expires").ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        var closed = c.GetProperty("closedAfterMs").ValueKind == JsonValueKind.Number ? TimeSpan.FromMilliseconds(c.GetProperty("closedAfterMs").GetDouble()) : (TimeSpan?)null;
        return new ConnectionObservation(TimeSpan.FromSeconds(c.GetProperty("expires").GetDouble()), closed, c.GetProperty("detail").GetString());
    }

    public async Task<BrowserCall> CallAsync(string id, string target, string domain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var c = await EvaluateAsync($"doctor.call({Q(id)}, {Q(target)}, {Q(domain)}, {(int)timeout.TotalMilliseconds})", timeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return new BrowserCall(
            c.GetProperty("state").GetString() == "confirmed",
            c.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
            String(c, "reason"),
            String(c, "receivedSdp"),
            String(c, "failure"));
    }

    /// <summary>The next call the phone answered (or failed to), or null when none came in time.</summary>
    public async Task<BrowserCall?> IncomingAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var c = await EvaluateAsync($"doctor.incoming({Q(id)}, {(int)timeout.TotalMilliseconds})", timeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (c.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var state = c.GetProperty("state").GetString();
        return new BrowserCall(state == "confirmed", state == "confirmed" ? 200 : null, null, String(c, "receivedSdp"), String(c, "failure") ?? (state == "pending" ? "not answered in time" : null));
    }

    /// <summary>The phone's current call as a leg of the report: getStats counts and ICE/DTLS states.</summary>
    public async Task<LegObservation> LegAsync(string id, string name, Uri url, BrowserCall? call, CancellationToken cancellationToken)
    {
        var s = await EvaluateAsync($"doctor.stats({Q(id)})", TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var received = s.GetProperty("packetsReceived").GetInt64();
        return new LegObservation
        {
            Name = name,
            Kind = PeerKind.Browser,
            EdgeAddress = System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var edge) ? edge : null,
            ReceivedSdp = call?.ReceivedSdp,
            Failure = call?.Failure,
            Measured = call is not null,
            PacketsSent = s.GetProperty("packetsSent").GetInt64(),
            PacketsReceived = received,

            // Headless Chromium reports audio levels of 0: packets that decode are taken as sound.
            VoicedPacketsReceived = received,
            IceState = String(s, "iceState"),
            DtlsState = String(s, "dtlsState"),
        };
    }

    public Task HangUpAsync(string id, CancellationToken cancellationToken) =>
        EvaluateAsync($"doctor.hangup({Q(id)})", TimeSpan.FromSeconds(5), cancellationToken);

    public Task UnregisterAsync(string id, CancellationToken cancellationToken) =>
        EvaluateAsync($"doctor.unregister({Q(id)})", TimeSpan.FromSeconds(5), cancellationToken);

    private static string Q(string value) => DevToolsSession.Quote(value);

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
