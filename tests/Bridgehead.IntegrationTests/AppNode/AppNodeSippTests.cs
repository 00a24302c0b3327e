using System.Globalization;
using Bridgehead.AppNode;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>
/// The application node against real sipp 3.6.1 on loopback: sipp's uac_pcap scenario plays a
/// PCMA recording (with an RFC 4733 digit) to 9196 and must get every packet back; 9198 sends a
/// tone for as long as the call lasts; originate plays the recording to a sipp UAS and hangs up
/// with BYE; a user registered with Path is called through that Path.
/// </summary>
public sealed class AppNodeSippTests
{
    private static string Scratch()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-appnode-sipp-").FullName;

        // uac_pcap plays pcap/g711a.pcap relative to its working directory (Debian ships it here).
        File.CreateSymbolicLink(Path.Combine(folder, "pcap"), "/usr/share/sip-tester");
        return folder;
    }

    [Fact]
    public async Task Echo_SippPlaysPcmaPcap_EveryPacketComesBack()
    {
        await using var node = await NodeFixture.StartAsync();
        var folder = Scratch();
        await using var sipp = Sipp.Start(folder, "-sn", "uac_pcap", $"127.0.0.1:{node.SipPort}", "-s", "9196", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-mp", "0", "-m", "1");
        Assert.Equal(0, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken));

        var call = await node.EndedCallAsync(c => c.Application == "echo", TimeSpan.FromSeconds(5));
        Assert.Equal("remote BYE", call.Reason);

        // g711a.pcap holds 246 RTP packets (voice and the events of one digit): all reflected.
        Assert.InRange(call.RtpReceived, 240, 250);
        Assert.Equal(call.RtpReceived, call.RtpSent);
        Assert.Equal("1", call.Digits);
    }

    [Fact]
    public async Task Tone_SippCallsForTwoSeconds_GetsAPacketEvery20Ms()
    {
        await using var node = await NodeFixture.StartAsync();
        var folder = Scratch();
        await using var sipp = Sipp.Start(folder, "-sn", "uac", $"127.0.0.1:{node.SipPort}", "-s", "9198", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-d", "2000", "-m", "1");
        Assert.Equal(0, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken));

        var call = await node.EndedCallAsync(c => c.Application == "tone", TimeSpan.FromSeconds(5));

        // Two seconds of pause between ACK and BYE: about 100 packets (the clock is exact, the edges are not).
        Assert.InRange(call.RtpSent, 90, 115);
    }

    [Fact]
    public async Task UnknownExtension_SippUac_Gets404()
    {
        await using var node = await NodeFixture.StartAsync();
        var folder = Scratch();
        await using var sipp = Sipp.Start(folder, "-sn", "uac", $"127.0.0.1:{node.SipPort}", "-s", "4711", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-m", "1", "-trace_msg", "-message_file", Path.Combine(folder, "msg.log"));
        Assert.Equal(1, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken));
        Assert.Contains("SIP/2.0 404 Not Found", await File.ReadAllTextAsync(Path.Combine(folder, "msg.log"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OriginatePlayback_SippUasAnswers_RecordingPlaysThenNodeSendsBye()
    {
        await using var node = await NodeFixture.StartAsync();
        var folder = Scratch();
        var uasPort = FreePorts.Next();
        await using var uas = Sipp.Start(folder, "-sn", "uas", "-p", uasPort.ToString(CultureInfo.InvariantCulture), "-mp", FreePorts.NextUdpRange(4).ToString(CultureInfo.InvariantCulture), "-rtp_echo", "-m", "1");
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var result = await node.Node.OriginateAsync(new OriginateRequest($"sip:1000@127.0.0.1:{uasPort}", CallApplicationKind.Playback), TestContext.Current.CancellationToken);
        Assert.Equal(OriginateOutcome.Answered, result.Outcome);

        // sipp's uas scenario ends successfully only when it receives the BYE and answers it.
        Assert.Equal(0, await uas.WaitForExitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var call = await node.EndedCallAsync(c => c.CallId == result.CallId, TimeSpan.FromSeconds(5));
        Assert.Equal("application finished", call.Reason);

        // 4.2 s of recording and 0.2 s of lead-in in 20 ms packets; -rtp_echo sends them back.
        Assert.InRange(call.RtpSent, 218, 222);
        Assert.InRange(call.RtpReceived, 200, 222);
    }

    [Fact]
    public async Task RegisterWithPath_ThenOriginate_InviteGoesThroughThePathWithRoute()
    {
        await using var node = await NodeFixture.StartAsync();
        var folder = Scratch();
        var proxyPort = FreePorts.Next();
        var contactPort = FreePorts.Next();

        // The "edge": a sipp UAS at the Path address, tracing what it receives.
        await using var edge = Sipp.Start(folder, "-sn", "uas", "-p", proxyPort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-trace_msg", "-message_file", Path.Combine(folder, "edge.log"));
        var register = Path.Combine(folder, "register.xml");
        await File.WriteAllTextAsync(register, RegisterScenario(proxyPort, contactPort), TestContext.Current.CancellationToken);
        await using (var registrar = Sipp.Start(folder, "-sf", register, $"127.0.0.1:{node.SipPort}", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-m", "1", "-trace_msg", "-message_file", Path.Combine(folder, "register.log")))
        {
            Assert.Equal(0, await registrar.WaitForExitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        }

        var binding = Assert.Single(node.Node.Registrar.Table.Lookup("1000", DateTimeOffset.UtcNow));
        Assert.Equal($"sip:1000@127.0.0.1:{contactPort};transport=udp", binding.ContactUri);
        Assert.Equal([$"<sip:127.0.0.1:{proxyPort};lr>"], binding.Path);
        var registerTrace = await File.ReadAllTextAsync(Path.Combine(folder, "register.log"), TestContext.Current.CancellationToken);
        Assert.Contains($"Path: <sip:127.0.0.1:{proxyPort};lr>", registerTrace, StringComparison.Ordinal);

        var originate = node.Node.OriginateAsync(new OriginateRequest("user/1000", CallApplicationKind.Echo), TestContext.Current.CancellationToken);
        Assert.Equal(OriginateOutcome.Answered, (await originate).Outcome);
        Assert.Equal(0, await HangUpAsync(node, edge));

        // The INVITE reached the Path's address, for the registered Contact, with the Path as Route (RFC 3327 §5.3).
        var trace = await File.ReadAllTextAsync(Path.Combine(folder, "edge.log"), TestContext.Current.CancellationToken);
        Assert.Contains($"INVITE sip:1000@127.0.0.1:{contactPort};transport=udp SIP/2.0", trace, StringComparison.Ordinal);
        Assert.Contains($"Route: <sip:127.0.0.1:{proxyPort};lr>", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Originate_UserNotRegistered_GoesToTheEdgeAsOutboundProxy()
    {
        var edgePort = FreePorts.Next();
        await using var node = await NodeFixture.StartAsync(o => o.Edge = $"sip:127.0.0.1:{edgePort}");
        var folder = Scratch();
        await using var edge = Sipp.Start(folder, "-sn", "uas", "-p", edgePort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-trace_msg", "-message_file", Path.Combine(folder, "edge.log"));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var result = await node.Node.OriginateAsync(new OriginateRequest("user/1000", CallApplicationKind.Tone), TestContext.Current.CancellationToken);
        Assert.Equal(OriginateOutcome.Answered, result.Outcome);
        await HangUpAsync(node, edge);

        var trace = await File.ReadAllTextAsync(Path.Combine(folder, "edge.log"), TestContext.Current.CancellationToken);
        Assert.Contains($"INVITE sip:1000@127.0.0.1:{edgePort} SIP/2.0", trace, StringComparison.Ordinal);
        Assert.Contains("From: \"Bridgehead\" <sip:appnode@appnode.invalid>", trace, StringComparison.Ordinal);
    }

    /// <summary>The node hangs up its calls; sipp's uas ends when it has answered the BYE.</summary>
    private static async Task<int> HangUpAsync(NodeFixture node, TestProcess uas)
    {
        foreach (var call in node.Node.Calls)
        {
            node.Node.Hangup(call, "test done");
        }

        return await uas.TryWaitForExitAsync(TimeSpan.FromSeconds(20)) ?? -1;
    }

    private static string RegisterScenario(int proxyPort, int contactPort) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="REGISTER as an edge forwards it, with Path">
          <send retrans="500">
            <![CDATA[
        REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
        Max-Forwards: 69
        From: <sip:1000@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:1000@[remote_ip]>
        Call-ID: [call_id]
        CSeq: 1 REGISTER
        Path: <sip:127.0.0.1:{{proxyPort}};lr>
        Contact: <sip:1000@127.0.0.1:{{contactPort}};transport=udp>
        Supported: path
        Expires: 600
        Content-Length: 0

            ]]>
          </send>
          <recv response="200" />
        </scenario>
        """;
}
