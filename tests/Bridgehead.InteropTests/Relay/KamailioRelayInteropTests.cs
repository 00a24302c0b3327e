using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridgehead.InteropTests.Kamailio;
using Bridgehead.Ng;
using Bridgehead.Relay;
using Bridgehead.Relay.Ng;
using Bridgehead.Testing;
using Bridgehead.Testing.EndToEnd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.InteropTests.Relay;

/// <summary>
/// A real Kamailio (5.6, Debian) with its rtpengine module drives Bridgehead's relay over ng UDP
/// for a call between two SIPp instances. Each party's SDP names a media socket of the test, so
/// the test can count at both receivers what the relay delivered: G.711 both ways, every packet,
/// byte for byte, from the relay ports the rewritten SDP announced.
/// </summary>
public sealed class KamailioRelayInteropTests : IDisposable
{
    private const string Flags = "replace-origin replace-session-connection trust-address ICE=remove RTP/AVP";

    private readonly ScopedMeterFactory _meters = new();
    private readonly MediaRelay _relay;
    private readonly NgUdpServer _ng;
    private readonly int _portMin;

    public KamailioRelayInteropTests()
    {
        _portMin = 20000 + (Random.Shared.Next(0, 300) * 100);
        var options = new RelayOptions { PortMin = _portMin, PortMax = _portMin + 99 };
        options.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        _relay = new MediaRelay(Microsoft.Extensions.Options.Options.Create(options), new RelayMetrics(_meters), NullLogger<MediaRelay>.Instance, TimeProvider.System);
        _relay.Start();
        _ng = new NgUdpServer(new IPEndPoint(IPAddress.Loopback, 0), _relay, new RelayNgOptions(), NullLogger<NgUdpServer>.Instance, TimeProvider.System);
        _ng.Start();
    }

    public void Dispose()
    {
        _ng.Dispose();
        _relay.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task KamailioRtpengineModule_SippCallWithG711_EveryPacketReachesBothReceivers()
    {
        var sippBinary = Programs.Find("sipp", "sip-tester");
        var cancel = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("bridgehead-kamailio-relay-").FullName;
        try
        {
            using var caller = new MediaReceiver();
            using var callee = new MediaReceiver();
            var sipPort = FreePorts.Next();
            var uasPort = FreePorts.Next();
            var uacPort = FreePorts.Next();
            var relayPorts = RelayPortPattern();
            await File.WriteAllTextAsync(Path.Combine(folder, "uac.xml"), UacScenario(caller.Port, relayPorts), cancel);
            await File.WriteAllTextAsync(Path.Combine(folder, "uas.xml"), UasScenario(callee.Port, relayPorts), cancel);

            await using var kamailio = await KamailioProcess.StartAsync(
                new KamailioRoute(sipPort, uasPort, _ng.LocalEndPoint.Port, Flags, Flags), folder, () => _ng.Requests > 0, cancel);

            Assert.True(_ng.Requests > 0, $"Kamailio never pinged the relay:\n{kamailio.Output}");

            // sipp binds its own media port and the ones after it (RTCP, video) even when the SDP names another.
            await using var uas = TestProcess.Start(sippBinary,
                ["-sf", "uas.xml", "-i", "127.0.0.1", "-p", Port(uasPort), "-mp", Port(FreePorts.NextUdpRange(4)), "-m", "1", "-nostdin",
                 "-timeout", "40s", "-timeout_error"], folder);
            await using var uac = TestProcess.Start(sippBinary,
                [$"127.0.0.1:{sipPort}", "-sf", "uac.xml", "-i", "127.0.0.1", "-p", Port(uacPort), "-mp", Port(FreePorts.NextUdpRange(4)), "-m", "1", "-nostdin",
                 "-timeout", "35s", "-timeout_error"], folder);

            // Once the 200 went through rtpengine_answer(), the relay knows both parties: the
            // port facing each is the one whose peer is that party's media socket (bounded: 15 s).
            IPEndPoint? towardsCallee = null, towardsCaller = null;
            for (var i = 0; i < 150 && (towardsCallee is null || towardsCaller is null) && !uac.HasExited; i++)
            {
                await Task.Delay(100, cancel);
                foreach (var callId in ((NgListReply)_relay.List(new NgListCommand())).Calls)
                {
                    if (_relay.Query(new NgQueryCommand(callId)) is NgQueryReply query)
                    {
                        towardsCallee = RelayPortFacing(query.Call, caller.Port);
                        towardsCaller = RelayPortFacing(query.Call, callee.Port);
                    }
                }
            }

            var diagnostics = () => $"\nKamailio:\n{kamailio.Output}\nUAC:\n{uac.Output}\nUAS:\n{uas.Output}";
            Assert.True(towardsCallee is not null && towardsCaller is not null, $"The relay never learned both parties.{diagnostics()}");

            // 150 packets of 20 ms each way, paced as a phone sends them, while the UAC holds the call.
            const int Packets = 150;
            var sending = Task.WhenAll(
                caller.SendAsync(towardsCallee, Packets, 0x1111, cancel),
                callee.SendAsync(towardsCaller, Packets, 0x2222, cancel));
            await sending;
            await Task.WhenAll(caller.WaitForAsync(Packets, TimeSpan.FromSeconds(5)), callee.WaitForAsync(Packets, TimeSpan.FromSeconds(5)));

            var uacExit = await uac.TryWaitForExitAsync(TimeSpan.FromSeconds(40), cancellationToken: cancel);
            var uasExit = await uas.TryWaitForExitAsync(TimeSpan.FromSeconds(40), cancellationToken: cancel);
            Assert.True(uacExit == 0, $"sipp UAC exit {uacExit} (a failed regexp check means the SDP it got does not name the relay){diagnostics()}");
            Assert.True(uasExit == 0, $"sipp UAS exit {uasExit}{diagnostics()}");

            // Every packet, in order, unchanged, and from the relay port the SDP announced (symmetric RTP).
            callee.AssertReceived(Packets, 0x1111, towardsCaller);
            caller.AssertReceived(Packets, 0x2222, towardsCallee);
            Assert.Equal(2 * Packets, _relay.Totals().RtpPackets);

            // rtpengine_delete() on the BYE ended the call and gave its ports back.
            Assert.Equal(0, _relay.SessionCount);
            Assert.Equal(0, _relay.PortsInUse);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The relay port a party sends to: the stream whose learned or signalled peer is that party.</summary>
    private static IPEndPoint? RelayPortFacing(NgCallStats call, int partyPort)
    {
        foreach (var tag in call.Tags)
        {
            foreach (var media in tag.Medias)
            {
                foreach (var stream in media.Streams)
                {
                    if (stream.Endpoint?.Port == partyPort && stream.Flags.Contains("RTP"))
                    {
                        return new IPEndPoint(IPAddress.Parse(stream.AdvertisedEndpoint!.Address), stream.LocalPort);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A regular expression for "c= and m= name a port of this relay" (ports _portMin.._portMin+99).</summary>
    private string RelayPortPattern() =>
        $"c=IN IP4 127\\.0\\.0\\.1.*m=audio {(_portMin / 100).ToString(CultureInfo.InvariantCulture)}[0-9][0-9] RTP/AVP";

    // The caller: INVITE with its media on the test's socket, ACK and BYE along the Record-Route,
    // the call held for 12 s. The 200's SDP must name the relay or the call fails.
    private static string UacScenario(int mediaPort, string relayPorts) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller through Kamailio and the relay">
          <send retrans="500"><![CDATA[

        INVITE sip:callee@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:caller@[local_ip]>;tag=[pid]C[call_number]
        To: <sip:callee@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:caller@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=caller 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {{mediaPort}} RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        a=ptime:20
        a=sendrecv

          ]]></send>
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rrs="true">
            <action>
              <ereg regexp="{{relayPorts}}" search_in="body" check_it="true" assign_to="sdp"/>
            </action>
          </recv>
          <send><![CDATA[

        ACK [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [routes]
        From: <sip:caller@[local_ip]>;tag=[pid]C[call_number]
        To: <sip:callee@[remote_ip]:[remote_port]>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

          ]]></send>
          <pause milliseconds="12000"/>
          <send retrans="500"><![CDATA[

        BYE [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [routes]
        From: <sip:caller@[local_ip]>;tag=[pid]C[call_number]
        To: <sip:callee@[remote_ip]:[remote_port]>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 2 BYE
        Max-Forwards: 70
        Content-Length: 0

          ]]></send>
          <recv response="200"/>
          <Reference variables="sdp"/>
        </scenario>
        """;

    // The callee: the INVITE's SDP must name the relay; it answers with its media on the test's socket.
    private static string UasScenario(int mediaPort, string relayPorts) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="callee behind Kamailio and the relay">
          <recv request="INVITE" crlf="true">
            <action>
              <ereg regexp="{{relayPorts}}" search_in="body" check_it="true" assign_to="sdp"/>
            </action>
          </recv>
          <send retrans="500"><![CDATA[

        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        [last_Record-Route:]
        Contact: <sip:callee@[local_ip]:[local_port]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=callee 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {{mediaPort}} RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        a=ptime:20
        a=sendrecv

          ]]></send>
          <recv request="ACK" optional="true" crlf="true"/>
          <recv request="BYE"/>
          <send><![CDATA[

        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

          ]]></send>
          <Reference variables="sdp"/>
        </scenario>
        """;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One party's media socket: it sends paced PCMU with its own SSRC and keeps every RTP packet
    /// that arrives, with the address it came from.
    /// </summary>
    private sealed class MediaReceiver : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly List<(byte[] Packet, IPEndPoint From)> _received = [];
        private readonly Task _receiving;

        public MediaReceiver()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _receiving = Task.Run(ReceiveAsync);
        }

        public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

        public static byte[] Packet(uint ssrc, ushort sequence)
        {
            var packet = new byte[172];
            packet[0] = 0x80;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            for (var i = 12; i < packet.Length; i++)
            {
                packet[i] = (byte)(sequence + i + ssrc);
            }

            return packet;
        }

        public async Task SendAsync(IPEndPoint relay, int count, uint ssrc, CancellationToken cancel)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            for (var sequence = 1; sequence <= count; sequence++)
            {
                await _socket.SendToAsync(Packet(ssrc, (ushort)sequence), SocketFlags.None, relay, cancel);
                await timer.WaitForNextTickAsync(cancel);
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        public void AssertReceived(int count, uint ssrc, IPEndPoint relayPort)
        {
            lock (_received)
            {
                Assert.Equal(count, _received.Count);
                for (var i = 0; i < count; i++)
                {
                    Assert.Equal(Packet(ssrc, (ushort)(i + 1)), _received[i].Packet);
                    Assert.Equal(relayPort, _received[i].From);
                }
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _receiving.Wait(TimeSpan.FromSeconds(5));
        }

        private int Count
        {
            get
            {
                lock (_received)
                {
                    return _received.Count;
                }
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[2048];
            for (var i = 0; i < 10_000; i++)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (_received)
                {
                    _received.Add((buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint));
                }
            }
        }
    }
}
