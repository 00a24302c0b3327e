using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bridgehead.Management;
using Bridgehead.Storage;
using Bridgehead.Storage.Pool;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridgehead.IntegrationTests.Management;

/// <summary>
/// The management API on a real Kestrel endpoint on loopback (any free port), with the pool on the
/// in-memory store: the token is required, bad input gets a problem document listing every error,
/// and changes show at once.
/// </summary>
public sealed class ManagementApiTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bridgehead-management", Guid.NewGuid().ToString("n"));
    private WebApplication? _app;
    private HttpClient _client = new();

    private ManagementEndpoint Endpoint => _app!.Services.GetRequiredService<ManagementEndpoint>();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Management:Listen"] = "127.0.0.1:0",
        });
        builder.Services.AddBridgeheadStorage(builder.Configuration.GetSection("Storage"));
        builder.Services.AddBridgeheadPoolStorage();
        builder.Services.AddBridgeheadPool(builder.Configuration.GetSection("Pool"));
        builder.Services.AddBridgeheadManagement(builder.Configuration.GetSection("Management"), _data);
        _app = builder.Build();
        _app.MapBridgeheadManagement();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client = new HttpClient { BaseAddress = Endpoint.Url };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Endpoint.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task AnyRequest_WithoutToken_Is401ProblemWithBearerChallenge()
    {
        using var anonymous = new HttpClient { BaseAddress = Endpoint.Url };
        using var response = await anonymous.GetAsync(new Uri("api/dispatcher", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await Problem(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AnyRequest_WithAWrongToken_Is401()
    {
        using var wrong = new HttpClient { BaseAddress = Endpoint.Url };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Endpoint.Token[..^1] + (Endpoint.Token[^1] == 'a' ? 'b' : 'a'));
        using var response = await wrong.PostAsJsonAsync("api/dispatcher", new { setId = 1, uri = "sip:10.0.0.1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await List()).GetProperty("destinations").EnumerateArray());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TokenFile_IsCreatedInTheDataFolder_ReadableByItsOwnerOnly()
    {
        var path = ManagementToken.PathIn(_data);
        Assert.Equal(Endpoint.Token, ManagementToken.TryRead(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(Endpoint.Token.Length >= 40);
        Assert.Equal(Endpoint.Url.ToString().TrimEnd('/'), File.ReadAllText(Path.Combine(_data, ManagementToken.UrlFileName)).Trim());
    }

    [Fact]
    public async Task AddDispatcher_InvalidRow_Is400ListingEveryErrorByField()
    {
        using var response = await _client.PostAsJsonAsync("api/dispatcher", new { uri = "http://10.0.0.1", weight = -1, priority = 99999, description = new string('x', 300) }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Problem(response)).GetProperty("errors");
        Assert.Equal(["description", "priority", "setId", "uri", "weight"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty((await List()).GetProperty("destinations").EnumerateArray());
    }

    [Fact]
    public async Task Dispatcher_AddListDisableEnableRemove_AppliesAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var added = await _client.PostAsJsonAsync("api/dispatcher", new { setId = 1, uri = "sip:10.0.0.10:5060", weight = 50, description = "FS1" }, ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var row = await added.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = row.GetProperty("id").GetInt64();
        Assert.Equal($"/api/dispatcher/{id}", added.Headers.Location?.ToString());
        Assert.Equal("enabled", row.GetProperty("state").GetString());
        Assert.Equal("unknown", row.GetProperty("health").GetProperty("status").GetString());

        using var duplicate = await _client.PostAsJsonAsync("api/dispatcher", new { setId = 1, uri = "sip:10.0.0.10:5060" }, ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var list = await List();
        Assert.Equal("round-robin", list.GetProperty("sets")[0].GetProperty("policy").GetString());
        Assert.Equal(50, list.GetProperty("destinations")[0].GetProperty("weight").GetInt32());

        using var disabled = await _client.PostAsync(new Uri($"api/dispatcher/{id}/disable", UriKind.Relative), null, ct);
        Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("state").GetString());
        Assert.Equal("disabled", (await List()).GetProperty("destinations")[0].GetProperty("state").GetString());
        using var enabled = await _client.PostAsync(new Uri($"api/dispatcher/{id}/enable", UriKind.Relative), null, ct);
        Assert.Equal("enabled", (await enabled.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("state").GetString());

        using var removed = await _client.DeleteAsync(new Uri($"api/dispatcher/{id}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await _client.DeleteAsync(new Uri($"api/dispatcher/{id}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(404, (await Problem(again)).GetProperty("status").GetInt32());
        Assert.Empty((await List()).GetProperty("destinations").EnumerateArray());
    }

    [Fact]
    public async Task LoadBalancer_BadResources_EachListed_ThenAGoodRowShowsItsLoad()
    {
        var ct = TestContext.Current.CancellationToken;
        using var bad = await _client.PostAsJsonAsync("api/lb", new { groupId = 1, uri = "sip:172.16.100.10", resources = "vm=100;pstn=lots;conf" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(2, (await Problem(bad)).GetProperty("errors").GetProperty("resources").GetArrayLength());

        using var good = await _client.PostAsJsonAsync("api/lb", new { groupId = 1, uri = "sip:172.16.100.10", resources = "vm=100; conf=100;transc=100;pstn=500", description = "FS1" }, ct);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);

        using var status = await _client.GetAsync(new Uri("api/lb/status", UriKind.Relative), ct);
        var row = (await status.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("destinations")[0];
        Assert.Equal("vm=100;conf=100;transc=100;pstn=500", row.GetProperty("resources").GetString());
        var pstn = row.GetProperty("load").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "pstn");
        Assert.Equal(500, pstn.GetProperty("capacity").GetInt32());
        Assert.Equal(0, pstn.GetProperty("used").GetInt32());
    }

    [Fact]
    public async Task Reload_PicksUpRowsWrittenToTheDatabase_AndReportsRowsItCannotUse()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _app!.Services.GetRequiredService<IPoolStore>();
        await store.AddDispatcherAsync(new DispatcherRecord(0, 3, "sip:10.0.0.30"), ct);
        await store.AddDispatcherAsync(new DispatcherRecord(0, 3, "not a uri"), ct);
        Assert.Empty((await List()).GetProperty("destinations").EnumerateArray());

        using var reload = await _client.PostAsync(new Uri("api/dispatcher/reload", UriKind.Relative), null, ct);
        var result = await reload.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal(1, result.GetProperty("dispatcherRows").GetInt32());
        Assert.Contains("not a uri", result.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await List()).GetProperty("destinations")[0].GetProperty("setId").GetInt32());
    }

    [Fact]
    public async Task MalformedJson_Is400Problem()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("api/dispatcher", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonElement> List()
    {
        using var response = await _client.GetAsync(new Uri("api/dispatcher", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
}
