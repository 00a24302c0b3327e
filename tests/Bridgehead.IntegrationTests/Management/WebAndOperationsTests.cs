using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bridgehead.IntegrationTests.Management;

/// <summary>
/// The web phone's port and the operator's endpoints on a real `bridgehead run`: plain HTTPS GETs
/// on the WSS port get the pages while a WebSocket upgrade there is still SIP; the location,
/// calls, trace and originate of the management API; the dashboard's data behind the token.
/// </summary>
public sealed class WebAndOperationsTests(WebEdgeFixture edge) : IClassFixture<WebEdgeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainGet_OnTheWssPort_ServesThePhoneAndTheDashboard()
    {
        using var web = edge.Web();
        using var page = await web.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bridgehead web phone", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var script = await web.GetAsync(new Uri("/phone.js", UriKind.Relative), Ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("WebSocketInterface", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/phone.js");
        conditional.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await web.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var folder = await web.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, folder.StatusCode);
        Assert.Equal("/dashboard/", folder.Headers.Location?.OriginalString);
        using var dashboard = await web.GetAsync(new Uri("/dashboard/", UriKind.Relative), Ct);
        Assert.Contains("Bridgehead dashboard", await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var missing = await web.GetAsync(new Uri("/nothing-here.js", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_OnTheWssPort_IsNotThere()
    {
        using var web = edge.Web(token: true);
        using var response = await web.GetAsync(new Uri("/api/dispatcher", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DashboardApi_WithoutTheToken_Is401()
    {
        using var web = edge.Web();
        using var response = await web.GetAsync(new Uri("/dashboard/api/state", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WebSocketUpgrade_OnTheSamePort_RegistersOverSip_AndTheDashboardListsIt()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("sip");
#pragma warning disable CA5359 // the server's generated self-signed certificate
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        await socket.ConnectAsync(edge.WssUrl, Ct);
        Assert.Equal("sip", socket.SubProtocol);

        var register = string.Join("\r\n",
            "REGISTER sip:127.0.0.1 SIP/2.0",
            "Via: SIP/2.0/WSS webphone.invalid;branch=z9hG4bK-web-1",
            "Max-Forwards: 70",
            "From: <sip:1017@127.0.0.1>;tag=w1",
            "To: <sip:1017@127.0.0.1>",
            "Call-ID: web-register-1",
            "CSeq: 1 REGISTER",
            "Contact: <sip:1017@webphone.invalid;transport=ws>",
            "Expires: 300",
            "User-Agent: integration test",
            "Content-Length: 0",
            "",
            "");
        await socket.SendAsync(Encoding.UTF8.GetBytes(register), WebSocketMessageType.Text, true, Ct);
        var buffer = new byte[8192];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        var received = await socket.ReceiveAsync(buffer, deadline.Token);
        Assert.StartsWith("SIP/2.0 200", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);

        using var management = edge.Management();
        var location = await management.GetFromJsonAsync<JsonElement>(new Uri("api/location", UriKind.Relative), Ct);
        var binding = location.EnumerateArray().Single(b => b.GetProperty("aor").GetString()!.StartsWith("1017", StringComparison.Ordinal));
        Assert.Equal("wss", binding.GetProperty("transport").GetString());
        Assert.Equal("integration test", binding.GetProperty("userAgent").GetString());
        Assert.InRange(binding.GetProperty("expiresIn").GetInt32(), 200, 300);

        using var web = edge.Web(token: true);
        var state = await web.GetFromJsonAsync<JsonElement>(new Uri("/dashboard/api/state", UriKind.Relative), Ct);
        Assert.Contains(state.GetProperty("registrations").EnumerateArray(), r => r.GetProperty("aor").GetString()!.StartsWith("1017", StringComparison.Ordinal));
        Assert.True(state.GetProperty("trace").GetProperty("captured").GetInt64() >= 2);

        // The REGISTER and its 200 are in the trace under their Call-ID.
        var trace = await web.GetFromJsonAsync<JsonElement>(new Uri("/dashboard/api/trace?callId=web-register-1", UriKind.Relative), Ct);
        var lines = trace.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("direction").GetString(), m.GetProperty("firstLine").GetString())).ToList();
        Assert.Contains(("in", "REGISTER sip:127.0.0.1 SIP/2.0"), lines);
        Assert.Contains(("out", "SIP/2.0 200 OK"), lines);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
    }

    [Theory]
    [InlineData("{}", "target")]
    [InlineData("""{"target":"user/1000"}""", "application")]
    [InlineData("""{"target":"user/1000","application":"echo","timeoutSeconds":0}""", "timeoutSeconds")]
    public async Task Originate_MissingOrOutOfRange_Is400ListingTheField(string body, string field)
    {
        using var management = edge.Management();
        using var response = await management.PostAsync(new Uri("api/originate", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync(Ct));
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
    }

    [Theory]
    [InlineData("""{"target":"user/1000","application":"dance"}""", "unknown application")]
    [InlineData("""{"target":"1000","application":"echo"}""", "neither user/NAME nor a sip: URI")]
    [InlineData("""{"target":"user/1000","application":"echo","file":"/tmp/a.wav"}""", "takes no file")]
    [InlineData("""{"target":"user/1000","application":"playback","file":"welcome.wav"}""", "absolute path")]
    public async Task Originate_NotUnderstood_Is400WithTheReason(string body, string reason)
    {
        using var management = edge.Management();
        using var response = await management.PostAsync(new Uri("api/originate", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Originate_NotJson_Is400()
    {
        using var management = edge.Management();
        using var response = await management.PostAsync(new Uri("api/originate", UriKind.Relative), new StringContent("user/1000 echo", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Originate_WithoutTheToken_Is401()
    {
        using var anonymous = new HttpClient { BaseAddress = edge.ManagementUrl };
        using var response = await anonymous.PostAsJsonAsync(new Uri("api/originate", UriKind.Relative), new { target = "user/1000", application = "echo" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Originate_ToAnUnregisteredUser_IsRejected404_AndTheCallAndItsLadderAreListed()
    {
        using var management = edge.Management();
        using var response = await management.PostAsJsonAsync(new Uri("api/originate", UriKind.Relative), new { target = "user/nobody", application = "echo", timeoutSeconds = 5 }, Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Rejected", reply.GetProperty("outcome").GetString());
        Assert.Equal(404, reply.GetProperty("status").GetInt32());
        var callId = reply.GetProperty("callId").GetString()!;

        // The node's INVITE came into the edge, which answered 404 itself: the tracker saw the
        // INVITE and the node's ACK of the 404.
        var calls = await management.GetFromJsonAsync<JsonElement>(new Uri("api/calls", UriKind.Relative), Ct);
        var call = calls.EnumerateArray().Single(c => c.GetProperty("callId").GetString() == callId);
        Assert.Equal("Failed", call.GetProperty("state").GetString());
        Assert.StartsWith("sip:nobody@", call.GetProperty("to").GetString(), StringComparison.Ordinal);

        var trace = await management.GetFromJsonAsync<JsonElement>(new Uri($"api/calls/trace?callId={Uri.EscapeDataString(callId)}", UriKind.Relative), Ct);
        var ladder = trace.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("direction").GetString()} {m.GetProperty("firstLine").GetString()!.Split(' ')[0]} {m.GetProperty("firstLine").GetString()!.Split(' ')[1]}").ToList();
        Assert.Equal("in INVITE", ladder[0][..9]);
        Assert.Contains("out SIP/2.0 404", ladder);
        Assert.Contains(ladder, l => l.StartsWith("in ACK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallsTrace_WithoutACallId_Is400()
    {
        using var management = edge.Management();
        using var response = await management.GetAsync(new Uri("api/calls/trace", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("callId", out _));
    }
}
