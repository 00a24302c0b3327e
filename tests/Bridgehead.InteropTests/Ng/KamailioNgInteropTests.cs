using System.Globalization;
using Bridgehead.InteropTests.Kamailio;
using Bridgehead.Ng;
using Bridgehead.Sdp;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// A real Kamailio (5.6, Debian) with its rtpengine module drives Bridgehead's ng server
/// direction: the module's ping, and offer/answer/delete for a call that SIPp places through
/// it, with the WebRTC flag strings of ng-protocol §5. The commands must read as typed values
/// and the SDP we return must be what reaches the far end.
/// </summary>
public sealed class KamailioNgInteropTests
{
    private const string OfferFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-offer generate-mid DTLS-fingerprint=sha-256 DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    private const string AnswerFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";

    [Fact]
    public async Task KamailioRtpengineModule_CallThroughIt_SendsTypedCommandsAndCarriesOurSdp()
    {
        var sippBinary = Programs.Find("sipp", "sip-tester");
        var folder = Directory.CreateTempSubdirectory("bridgehead-kamailio-").FullName;
        try
        {
            await using var ng = new SdpRewritingNgServer();
            var sipPort = FreePorts.Next();
            var uasPort = FreePorts.Next();
            var uacPort = FreePorts.Next();
            await using var kamailio = await KamailioProcess.StartAsync(
                new KamailioRoute(sipPort, uasPort, ng.EndPoint.Port, OfferFlags, AnswerFlags), folder, () => ng.Commands.Any(c => c is NgPingCommand), TestContext.Current.CancellationToken);

            Assert.Contains(ng.Commands, c => c is NgPingCommand);

            await using var uas = TestProcess.Start(sippBinary,
                ["-sn", "uas", "-i", "127.0.0.1", "-p", uasPort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-nostdin",
                 "-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", Path.Combine(folder, "uas.log")], folder);
            await using var uac = TestProcess.Start(sippBinary,
                [$"127.0.0.1:{sipPort}", "-sn", "uac", "-i", "127.0.0.1", "-p", uacPort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-nostdin",
                 "-timeout", "15s", "-timeout_error", "-trace_msg", "-message_file", Path.Combine(folder, "uac.log")], folder);

            var uacExit = await uac.TryWaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
            var uasExit = await uas.TryWaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
            var diagnostics = $"\nKamailio:\n{kamailio.Output}\nUAC:\n{uac.Output}\nrejected: {string.Join("\n", ng.Rejected)}";
            Assert.True(uacExit == 0, $"sipp UAC exit {uacExit}{diagnostics}");
            Assert.True(uasExit == 0, $"sipp UAS exit {uasExit}{diagnostics}");
            Assert.Empty(ng.Rejected);

            // The offer, as the module built it from the flag string (ng-protocol §4, §5.3).
            var offer = Assert.Single(ng.Commands.OfType<NgOfferCommand>());
            Assert.Equal(NgReplace.Origin | NgReplace.SessionConnection, offer.Replace);
            Assert.True(offer.HasFlag("trust-address"));
            Assert.True(offer.HasFlag("generate-mid"));
            Assert.Equal(NgRtcpMux.Offer, offer.RtcpMux);
            Assert.Equal("sha-256", offer.DtlsFingerprint);
            Assert.Equal(NgDtlsMode.Passive, offer.Dtls);
            Assert.Equal(["off"], offer.Sdes);
            Assert.Equal(NgIceMode.Force, offer.Ice);
            Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, offer.TransportProtocol);
            // Kamailio 5.6 sends the SIP source even with trust-address (the spec's §4 says it
            // would only add it without); a relay must not let it override trusted SDP addresses.
            Assert.Equal(new NgAddress("IP4", "127.0.0.1"), offer.ReceivedFrom);
            Assert.True(SdpParser.TryParse(offer.Sdp.Span, out var sippOffer, out _), offer.SdpText);
            Assert.Equal(SdpProtocol.RtpAvp, sippOffer.Media[0].Protocol);

            // The answer: same call, now with the callee's to-tag (§5.4).
            var answer = Assert.Single(ng.Commands.OfType<NgAnswerCommand>());
            Assert.Equal((offer.CallId, offer.FromTag), (answer.CallId, answer.FromTag));
            Assert.False(string.IsNullOrEmpty(answer.ToTag));
            Assert.Equal(NgRtcpMux.Demux, answer.RtcpMux);
            Assert.Equal((NgDtlsMode.Off, NgIceMode.Remove, SdpProtocol.RtpAvp), (answer.Dtls, answer.Ice, answer.TransportProtocol));

            // The BYE tore it down.
            var delete = Assert.Single(ng.Commands.OfType<NgDeleteCommand>());
            Assert.Equal((offer.CallId, offer.FromTag), (delete.CallId, delete.FromTag));

            // Nothing the module sent was left untyped; it announces it understands "load limit".
            Assert.All(ng.Commands, c => Assert.Empty(c.OtherKeys));
            Assert.All(ng.Commands.Where(c => c is not NgPingCommand), c => Assert.Equal(["load limit"], c.Supports));
            Assert.Equal(new NgAddress("IP4", "127.0.0.1"), delete.ReceivedFrom);

            // And the SDP that reached each side is the one our server wrote.
            var toCallee = await File.ReadAllTextAsync(Path.Combine(folder, "uas.log"), TestContext.Current.CancellationToken);
            Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF", toCallee, StringComparison.Ordinal);
            Assert.Contains("c=IN IP4 127.0.0.9", toCallee, StringComparison.Ordinal);
            var toCaller = await File.ReadAllTextAsync(Path.Combine(folder, "uac.log"), TestContext.Current.CancellationToken);
            Assert.Contains("m=audio 40002 RTP/AVP", toCaller, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
