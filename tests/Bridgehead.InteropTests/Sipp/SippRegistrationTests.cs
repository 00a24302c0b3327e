using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Sipp;

/// <summary>
/// A sipp REGISTER scenario binds a user; calls to that user then reach the sipp listening on the
/// registered contact, also after the server restarts. No default route: only the location can
/// find the callee.
/// </summary>
[Collection(SippPeers.Name)]
public sealed class SippRegistrationTests
{
    [Fact]
    public async Task Register_ThenInviteToThatUser_ReachesTheRegisteredSipp()
    {
        using var directory = new TestDirectory("sipp-reg");
        var (serverPort, calleePort, callerPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var server = $"127.0.0.1:{serverPort}";
        await using var bridgehead = await BridgeheadProcess.StartAsync(LabServer(directory, serverPort));

        var registered = await Sipp.RunAsync(Sipp.Scenario(directory, "register", "register.xml", calleePort, server, "-s", "alice"));
        Sipp.AssertAllSucceeded(registered, 1, "register");

        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, calleePort, 20),
            Sipp.Uac(directory, callerPort, server, 20, "u1", "-s", "alice"));
        Sipp.AssertAllSucceeded(uac, 20, "uac");
        Sipp.AssertAllSucceeded(uas, 20, "uas");
    }

    [Fact]
    public async Task Register_ThenRestart_TheUserIsStillReachable()
    {
        using var directory = new TestDirectory("sipp-restart");
        var (serverPort, calleePort, callerPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var server = $"127.0.0.1:{serverPort}";
        var start = LabServer(directory, serverPort);
        await using (var bridgehead = await BridgeheadProcess.StartAsync(start))
        {
            var registered = await Sipp.RunAsync(Sipp.Scenario(directory, "register", "register.xml", calleePort, server, "-s", "alice"));
            Sipp.AssertAllSucceeded(registered, 1, "register");
            Assert.Equal(0, await bridgehead.StopAsync());
        }

        await using var restarted = await BridgeheadProcess.StartAsync(start);
        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, calleePort, 10),
            Sipp.Uac(directory, callerPort, server, 10, "u1", "-s", "alice"));
        Sipp.AssertAllSucceeded(uac, 10, "uac");
        Sipp.AssertAllSucceeded(uas, 10, "uas");
    }

    private static BridgeheadStart LabServer(TestDirectory directory, int port) => new(directory["data"])
    {
        Listen = [$"udp:127.0.0.1:{port}"],
        Arguments = ["--auth", "off", "--log-level", "Warning"],
    };
}
