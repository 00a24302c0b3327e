using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>Bindings live in SQLite: they survive a restart, and an acknowledged registration survives kill -9.</summary>
[Collection(ServerProcesses.Name)]
public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_AfterSigterm_StillRoutesToTheRegisteredContact()
    {
        using var directory = new TestDirectory("restart");
        var start = LabServer(directory, out var endPoint);
        await using var phone = new UdpSipClient(endPoint) { Answer = SipAnswers.BusyForInviteOkOtherwise };

        await using (var server = await BridgeheadProcess.StartAsync(start))
        {
            Assert.Equal(200, (await SipProbe.RegisterAsync(phone, "alice", "example.com")).StatusCode);
            Assert.Equal(0, await server.StopAsync());
        }

        await using var restarted = await BridgeheadProcess.StartAsync(start);
        await AssertReachableAsync(endPoint, phone, "alice");
    }

    [Fact]
    public async Task KillMinus9_RightAfterThe200_KeepsEveryAcknowledgedBinding()
    {
        using var directory = new TestDirectory("kill9");
        var start = LabServer(directory, out var endPoint);
        var phones = new List<UdpSipClient>();
        try
        {
            await using (var server = await BridgeheadProcess.StartAsync(start))
            {
                // Registrations at full speed; the kill comes the moment the last 200 is in.
                for (var i = 0; i < 20; i++)
                {
                    phones.Add(new UdpSipClient(endPoint) { Answer = SipAnswers.BusyForInviteOkOtherwise });
                }

                var answers = await Task.WhenAll(phones.Select((p, i) => SipProbe.RegisterAsync(p, $"agent{i}", "example.com")));
                await server.KillAsync();
                Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
                Assert.NotEqual(0, server.Process.ExitCode);
            }

            await using var restarted = await BridgeheadProcess.StartAsync(start);
            for (var i = 0; i < phones.Count; i++)
            {
                await AssertReachableAsync(endPoint, phones[i], $"agent{i}");
            }
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    private static BridgeheadStart LabServer(TestDirectory directory, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        return new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:{endPoint}"],
            Arguments = ["--auth", "off", "--domain", "example.com"],
        };
    }

    /// <summary>An OPTIONS to the user's AOR reaches the phone that registered it, and the phone's 200 comes back.</summary>
    private static async Task AssertReachableAsync(IPEndPoint server, UdpSipClient phone, string user)
    {
        await using var caller = new UdpSipClient(server);
        var callId = SipRequestText.NewCallId();
        var before = phone.Received.Count;
        await caller.SendAsync(SipRequestText.Request("OPTIONS", $"sip:{user}@example.com", caller, "sip:caller@example.net", $"sip:{user}@example.com", callId));

        var response = await caller.ExpectResponseAsync(callId, Patience.Answer);
        Assert.Equal(200, response.StatusCode);
        var delivered = await phone.WaitForAsync(m => m.CallId == callId, Patience.Answer, $"the OPTIONS for {user}", before);
        Assert.StartsWith($"sip:{user}@{phone.HostPort}", delivered.RequestUri, StringComparison.Ordinal);
    }
}
