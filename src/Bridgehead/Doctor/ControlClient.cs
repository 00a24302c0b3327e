using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.AppNode.Hosting;

namespace Bridgehead.Doctor;

/// <summary>
/// The switch's side of the checklist, through the application node's control endpoint: originate
/// (the seed's `originate user/1000 &amp;echo()`), what it stored for a user, and its RTP counts.
/// </summary>
internal sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(Uri baseAddress, string token)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Has the node call a user; returns once the call is answered or has failed.</summary>
    public async Task<OriginateReply?> OriginateAsync(string user, string application, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("originate", new OriginateBody($"user/{user}", application, null, timeoutSeconds), cancellationToken).ConfigureAwait(false);
        return response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? await response.Content.ReadFromJsonAsync<OriginateReply>(cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>What the switch stored for a user (its registrar's Contacts and Paths).</summary>
    public async Task<IReadOnlyList<StoredContact>> StoredContactsAsync(string user, CancellationToken cancellationToken)
    {
        var all = await _http.GetFromJsonAsync<List<RegistrationView>>("registrations", cancellationToken).ConfigureAwait(false) ?? [];
        return [.. all.Where(r => r.User == user).Select(r => new StoredContact(r.User, r.Contact, r.Path))];
    }

    /// <summary>The node's RTP counts of a call, when it still lists it.</summary>
    public async Task<CallView?> CallAsync(string callId, CancellationToken cancellationToken)
    {
        var calls = await _http.GetFromJsonAsync<List<CallView>>("calls", cancellationToken).ConfigureAwait(false) ?? [];
        return calls.FirstOrDefault(c => c.CallId == callId);
    }

    /// <summary>Whether the endpoint answers with this token.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("registrations", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
