using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridgehead.InteropTests.Browser;
using Bridgehead.Testing.EndToEnd;
using static Bridgehead.InteropTests.Media.EdgeMediaInteropTests;

namespace Bridgehead.InteropTests.Media;

/// <summary>The edge driving a real rtpengine over ng UDP (Media:Mode external) carries calls with media.</summary>
public sealed class RtpengineEdgeInteropTests(RtpengineEdgeFixture fixture) : IClassFixture<RtpengineEdgeFixture>
{
    // Chromium (bundlePolicy max-bundle, as the JsSIP page sets it) accepts rtpengine's answer only
    // with the a=group:BUNDLE line the edge adds (SdpBundle): rtpengine 10.5 leaves it out.
    [Fact]
    public async Task Browser_CallsASippEchoThroughRtpengine_ItsOwnAudioComesBack()
    {
        await using var browser = BrowserRunner.Start("callcount", new { user = "alice", url = fixture.Server.WsUrl, target = "sip:echo@127.0.0.1" });

        var result = await browser.ResultAsync();

        Assert.True(Text(result, "state") == "confirmed", Describe(result, browser) + fixture.Server.Log + fixture.Rtpengine.Log);
        Assert.Contains("a=group:BUNDLE 0", Text(result, "remoteSdp"), StringComparison.Ordinal);
        AssertGrowing(result.GetProperty("packets"), result, browser, fixture.Rtpengine.Log);
        Assert.DoesNotContain("Media relay started", fixture.Server.Log, StringComparison.Ordinal);
        Assert.Contains("towards a Plain leg", fixture.Server.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// sipp plays 5 s of PCMU (rtp_stream) into a plain call through the edge to a sipp UAS whose SDP
    /// names a socket of the test's. Each side must see only rtpengine's address in the SDP it gets,
    /// and the RTP must reach the socket from the rtpengine port the callee was given.
    /// </summary>
    [Fact]
    public async Task SippPlayingPcmu_CallsAPlainSwitchThroughRtpengine_MediaPassesThroughRtpenginePorts()
    {
        var folder = Directory.CreateTempSubdirectory("bh-rtpe-plain-").FullName;
        using var media = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        media.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var mediaPort = ((IPEndPoint)media.LocalEndPoint!).Port;
        File.Copy(Path.Combine(Folder, "sipp-uac-pcmu.xml"), Path.Combine(folder, "sipp-uac-pcmu.xml"));
        await File.WriteAllTextAsync(Path.Combine(folder, "sipp-uas-pcmu.xml"),
            (await File.ReadAllTextAsync(Path.Combine(Folder, "sipp-uas-pcmu.xml"), TestContext.Current.CancellationToken)).Replace("MEDIA_PORT", mediaPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        PcmuRecording.Write(Path.Combine(folder, "tone.wav"), TimeSpan.FromSeconds(2));

        var uasPort = FreePorts.Next();
        await using var edge = await BridgeheadServer.StartAsync(
            [],
            $$"""
            "Media": { "Mode": "external", "Ng": "{{fixture.Rtpengine.NgEndPoint}}" }
            """,
            "--default-route",
            $"sip:127.0.0.1:{uasPort.ToString(CultureInfo.InvariantCulture)}");

        await using var uas = TestProcess.Start("sipp",
        [
            "-sf", "sipp-uas-pcmu.xml", "-i", "127.0.0.1", "-p", uasPort.ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1",
            "-m", "1", "-nostdin", "-timeout", "50s", "-timeout_error", "-trace_msg", "-message_file", "uas.log",
        ], folder);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var counting = CountRtpAsync(media, deadline.Token);
        var (code, output) = await TestProcess.RunAsync("sipp",
            ["-sf", "sipp-uac-pcmu.xml", $"127.0.0.1:{edge.UdpPort}", "-s", "echo", "-i", "127.0.0.1", "-mi", "127.0.0.1",
             "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-mp", FreePorts.NextUdpRange(4).ToString(CultureInfo.InvariantCulture),
             "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error", "-recv_timeout", "15000", "-trace_msg", "-message_file", "uac.log"],
            folder, TimeSpan.FromSeconds(60));
        var uasCode = await uas.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
        await deadline.CancelAsync();
        var (packets, sources) = await counting;
        var uacLog = await File.ReadAllTextAsync(Path.Combine(folder, "uac.log"), TestContext.Current.CancellationToken);
        var uasLog = await File.ReadAllTextAsync(Path.Combine(folder, "uas.log"), TestContext.Current.CancellationToken);
        Directory.Delete(folder, recursive: true);

        var story = $"sipp uac exited {code}:\n{output}\nuas exited {uasCode}:\n{uas.Output}\n{uacLog}\n{uasLog}\n{edge.Log}\n{fixture.Rtpengine.Log}";
        Assert.True(code == 0 && uasCode == 0, story);
        var callerOffer = SippMessageLog.AudioOf(uacLog, received: false, "INVITE ");
        var calleeOffer = SippMessageLog.AudioOf(uasLog, received: true, "INVITE ");
        var callerAnswer = SippMessageLog.AudioOf(uacLog, received: true, "SIP/2.0 200");
        Assert.True(callerOffer is not null && calleeOffer is not null && callerAnswer is not null, story);

        // Each side was given rtpengine's address, never the other party's.
        var (min, max) = (fixture.Rtpengine.PortMin, fixture.Rtpengine.PortMax);
        Assert.True(calleeOffer.Value.Address == "127.0.0.1" && calleeOffer.Value.Port >= min && calleeOffer.Value.Port <= max && calleeOffer.Value.Port != callerOffer.Value.Port,
            $"callee got {calleeOffer}, caller offered {callerOffer}, rtpengine ports {min}-{max}\n{story}");
        Assert.True(callerAnswer.Value.Address == "127.0.0.1" && callerAnswer.Value.Port >= min && callerAnswer.Value.Port <= max && callerAnswer.Value.Port != mediaPort,
            $"caller got {callerAnswer}, callee answered {mediaPort}, rtpengine ports {min}-{max}\n{story}");

        // 5 s of 20 ms packets is 250: most of them arrived, all from the port the callee was given.
        var fromRtpengine = new IPEndPoint(IPAddress.Loopback, calleeOffer.Value.Port);
        Assert.True(packets >= 150, $"{packets} PCMU packets at the callee's socket from {string.Join(", ", sources)}\n{story}");
        Assert.Equal([fromRtpengine], sources);
        Assert.Contains("towards a Plain leg", edge.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Media relay started", edge.Log, StringComparison.Ordinal);
    }

    /// <summary>Counts RTP packets of payload type 0 (PCMU) arriving until cancelled, and who sent them.</summary>
    private static async Task<(int Packets, HashSet<IPEndPoint> Sources)> CountRtpAsync(Socket socket, CancellationToken cancel)
    {
        var buffer = new byte[2048];
        var packets = 0;
        var sources = new HashSet<IPEndPoint>();
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancel);
                if (received.ReceivedBytes >= 12 && buffer[0] >> 6 == 2 && (buffer[1] & 0x7f) == 0)
                {
                    packets++;
                    sources.Add((IPEndPoint)received.RemoteEndPoint);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return (packets, sources);
    }
}
