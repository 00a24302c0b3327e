using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Sipp;

/// <summary>
/// Digest authentication with sipp's -au/-ap against subscribers added with `bridgehead user add`.
/// sipp 3.6.1 computes MD5 only and answers the first challenge it sees, so the server offers MD5
/// alone (Auth:Algorithms), as a deployment with such phones would configure it.
/// </summary>
[Collection(SippPeers.Name)]
public sealed class SippAuthTests
{
    [Fact]
    public async Task DigestAuth_RegisterAndInvite_WithSubscribersAddedByTheCommandLine()
    {
        using var directory = new TestDirectory("sipp-auth");
        var (serverPort, calleePort, callerPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var server = $"127.0.0.1:{serverPort}";
        await AddUserAsync(directory, "alice", "alice-secret");
        await AddUserAsync(directory, "bob", "bob-secret");
        await using var bridgehead = await BridgeheadProcess.StartAsync(AuthServer(directory, serverPort));

        var registered = await Sipp.RunAsync(Sipp.Scenario(directory, "register", "register-auth.xml", calleePort, server, "-s", "alice", "-au", "alice", "-ap", "alice-secret"));
        Sipp.AssertAllSucceeded(registered, 1, "register");

        var caller = Sipp.Scenario(directory, "caller", "uac-auth.xml", callerPort, server, "-s", "alice", "-key", "caller", "bob", "-au", "bob", "-ap", "bob-secret") with
        {
            Calls = 10,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var callee = Sipp.Uas(directory, calleePort, 10) with { Scenario = ["-sf", Sipp.Scenario("uas-record-route.xml")] };
        var (uac, uas) = await Sipp.CallAsync(callee, caller);
        Sipp.AssertAllSucceeded(uac, 10, "uac");
        Sipp.AssertAllSucceeded(uas, 10, "uas");
        Assert.Contains("Proxy-Authorization: Digest", uac.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestAuth_WrongPassword_IsChallengedAgainAndRegistersNothing()
    {
        using var directory = new TestDirectory("sipp-wrongpw");
        var (serverPort, phonePort) = (FreePorts.Next(), FreePorts.Next());
        var endPoint = new IPEndPoint(IPAddress.Loopback, serverPort);
        await AddUserAsync(directory, "carol", "carol-secret");
        await using var bridgehead = await BridgeheadProcess.StartAsync(AuthServer(directory, serverPort));

        // The scenario passes only if the REGISTER with credentials is challenged again.
        var rejected = await Sipp.RunAsync(Sipp.Scenario(directory, "rejected", "register-auth-rejected.xml", phonePort, endPoint.ToString(), "-s", "carol", "-au", "carol", "-ap", "not-her-password"));
        Sipp.AssertAllSucceeded(rejected, 1, "register with a wrong password");

        // carol is a known subscriber without a binding: 480, and nothing reaches the phone's port.
        await using var phone = new UdpSipClient(endPoint, phonePort);
        await using var caller = new UdpSipClient(endPoint);
        var callId = SipRequestText.NewCallId();
        await caller.SendAsync(SipRequestText.Request("OPTIONS", $"sip:carol@{endPoint}", caller, "sip:probe@example.net", $"sip:carol@{endPoint}", callId));
        var answer = await caller.ExpectResponseAsync(callId, TimeSpan.FromSeconds(10));
        Assert.Equal(480, answer.StatusCode);
        Assert.Empty(phone.Received);
    }

    [Fact]
    public async Task DigestAuth_InviteWithWrongPassword_NeverReachesTheCallee()
    {
        using var directory = new TestDirectory("sipp-badcaller");
        var (serverPort, calleePort, callerPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var server = $"127.0.0.1:{serverPort}";
        await AddUserAsync(directory, "alice", "alice-secret");
        await AddUserAsync(directory, "bob", "bob-secret");
        await using var bridgehead = await BridgeheadProcess.StartAsync(AuthServer(directory, serverPort));
        var registered = await Sipp.RunAsync(Sipp.Scenario(directory, "register", "register-auth.xml", calleePort, server, "-s", "alice", "-au", "alice", "-ap", "alice-secret"));
        Sipp.AssertAllSucceeded(registered, 1, "register");
        await using var callee = new UdpSipClient(new IPEndPoint(IPAddress.Loopback, serverPort), calleePort);

        // sipp takes the second 407 for a retransmission of the first and waits for a 200 until its timeout.
        var caller = await Sipp.RunAsync(Sipp.Scenario(directory, "caller", "uac-auth.xml", callerPort, server, "-s", "alice", "-key", "caller", "bob", "-au", "bob", "-ap", "wrong") with
        {
            Timeout = TimeSpan.FromSeconds(5),
        });

        Assert.True(caller.ExitCode != 0 && caller.SuccessfulCalls == 0, caller.Describe());
        Assert.Contains("SIP/2.0 407", caller.Messages[caller.Messages.IndexOf("CSeq: 2 INVITE", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain(callee.Received, m => m.Method == "INVITE");
    }

    private static BridgeheadStart AuthServer(TestDirectory directory, int port) => new(directory["data"])
    {
        Listen = [$"udp:127.0.0.1:{port}"],
        Arguments = ["--auth", "on"],
        Settings = new Dictionary<string, string> { ["Auth:Algorithms:0"] = "MD5" },
    };

    private static async Task AddUserAsync(TestDirectory directory, string user, string password)
    {
        var (code, output) = await BridgeheadProcess.RunCommandAsync(["user", "add", user, password, "--data", directory["data"]], directory.Path, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        Assert.Contains($"added {user}", output, StringComparison.Ordinal);
    }
}
