using System.Net;
using System.Text;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.AppNode.Media;
using Bridgehead.Tests.Sdp;

namespace Bridgehead.Tests.AppNode.Diagnostics;

/// <summary>
/// Each field-report failure broken on purpose: the observations of a healthy step, with one
/// thing changed, must name that thing.
/// </summary>
public sealed class DoctorDiagnosticsTests
{
    private static readonly IPAddress PublicEdge = IPAddress.Parse("203.0.113.10");

    private static string Avp(string address) => AppNodeSdp.Offer(IPAddress.Parse(address), 30000, "42").ToString();

    private static string BrowserSdp => Encoding.UTF8.GetString(SdpSamples.Read("chrome-offer.sdp"));

    private static LegObservation Softphone(string name, string? sdp = null) => new()
    {
        Name = name,
        Kind = PeerKind.Softphone,
        EdgeAddress = IPAddress.Loopback,
        ReceivedSdp = sdp ?? Avp("127.0.0.1"),
        PacketsSent = 100,
        PacketsReceived = 100,
        VoicedPacketsReceived = 100,
    };

    private static LegObservation Browser(string name, string? sdp = null) => new()
    {
        Name = name,
        Kind = PeerKind.Browser,
        EdgeAddress = IPAddress.Loopback,
        ReceivedSdp = sdp ?? BrowserSdp,
        PacketsSent = 100,
        PacketsReceived = 100,
        VoicedPacketsReceived = 100,
        IceState = "connected",
        DtlsState = "connected",
    };

    private static CallObservation Healthy(LegObservation caller, LegObservation callee) =>
        new() { Caller = caller, Callee = callee, Answered = true, FinalStatus = 200, ReasonPhrase = "OK" };

    [Fact]
    public void Call_SoftphoneToBrowserHealthy_IsHealthy()
    {
        var diagnosis = DoctorDiagnostics.Call(Healthy(Softphone("softphone 1000"), Browser("browser 1002")));

        Assert.Equal(DoctorCause.None, diagnosis.Cause);
        Assert.True(diagnosis.IsHealthy);
    }

    [Fact]
    public void Call_AvpOfferReachesBrowser_NamesAvpOfferedToBrowser()
    {
        var callee = Browser("browser 1002", Avp("127.0.0.1")) with { Failure = "Bad Media Description", PacketsReceived = 0 };
        var call = Healthy(Softphone("switch"), callee) with { Answered = false, FinalStatus = 488, ReasonPhrase = "Not Acceptable Here" };

        var diagnosis = DoctorDiagnostics.Call(call);

        Assert.Equal(DoctorCause.AvpOfferedToBrowser, diagnosis.Cause);
        Assert.Contains("RTP/AVP", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_BrowserCallerGetsAvpAnswer_NamesAvpOfferedToBrowser()
    {
        var diagnosis = DoctorDiagnostics.Call(Healthy(Browser("browser 1002", Avp("127.0.0.1")), Softphone("softphone 1000", BrowserSdp)));

        Assert.Equal(DoctorCause.AvpOfferedToBrowser, diagnosis.Cause);
    }

    [Fact]
    public void Call_SwitchStoredWebSocketContactWithoutPath_NamesTransportWs()
    {
        var call = Healthy(Softphone("the switch"), Browser("browser 1002")) with
        {
            Answered = false,
            FinalStatus = 408,
            StoredContacts = [new StoredContact("1002", "<sip:k3v9@df7jal23ls0d.invalid;transport=ws>", [])],
        };

        var diagnosis = DoctorDiagnostics.Call(call);

        Assert.Equal(DoctorCause.WebSocketTransportInStoredContact, diagnosis.Cause);
    }

    [Fact]
    public void StoredContacts_WebSocketContactWithPath_IsHealthy()
    {
        var diagnosis = DoctorDiagnostics.StoredContacts([new StoredContact("1002", "<sip:k3v9@df7jal23ls0d.invalid;transport=ws>", ["<sip:127.0.0.1:5060;lr>"])]);

        Assert.True(diagnosis.IsHealthy);
    }

    [Fact]
    public void StoredContacts_UdpContactWithoutPath_IsHealthy()
    {
        Assert.True(DoctorDiagnostics.StoredContacts([new StoredContact("1000", "sip:1000@127.0.0.1:40000", [])]).IsHealthy);
    }

    [Fact]
    public void Registration_WebSocketContactStoredAtSwitch_NamesTransportWs()
    {
        var observation = new RegistrationObservation
        {
            Name = "browser 1002",
            Kind = PeerKind.Browser,
            FinalStatus = 200,
            StoredContacts = [new StoredContact("1002", "<sip:k3v9@df7jal23ls0d.invalid;transport=wss>", [])],
        };

        Assert.Equal(DoctorCause.WebSocketTransportInStoredContact, DoctorDiagnostics.Registration(observation).Cause);
    }

    [Fact]
    public void Registration_ConnectionClosesBeforeExpiry_NamesWebSocketLifetime()
    {
        var observation = new RegistrationObservation
        {
            Name = "browser 1002",
            Kind = PeerKind.Browser,
            FinalStatus = 200,
            Connection = new ConnectionObservation(TimeSpan.FromSeconds(180), TimeSpan.FromSeconds(120), "1006"),
        };

        var diagnosis = DoctorDiagnostics.Registration(observation);

        Assert.Equal(DoctorCause.WebSocketLifetimeShorterThanRegistration, diagnosis.Cause);
        Assert.Contains("120 s", diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains("180 s", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_ClosesAfterExpiry_IsHealthy()
    {
        Assert.True(DoctorDiagnostics.Connection(new ConnectionObservation(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61))).IsHealthy);
        Assert.True(DoctorDiagnostics.Connection(new ConnectionObservation(TimeSpan.FromSeconds(60), null)).IsHealthy);
    }

    [Fact]
    public void Call_WebSocketClosedDuringCall_NamesWebSocketLifetime()
    {
        var call = Healthy(Softphone("softphone 1000"), Browser("browser 1002")) with
        {
            Connections = [new ConnectionObservation(TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(3))],
        };

        Assert.Equal(DoctorCause.WebSocketLifetimeShorterThanRegistration, DoctorDiagnostics.Call(call).Cause);
    }

    [Fact]
    public void Registration_WrongPassword_NamesRegistrationRejected()
    {
        var observation = new RegistrationObservation { Name = "softphone 1000", FinalStatus = 403, ReasonPhrase = "Forbidden", Authenticated = true };

        Assert.Equal(DoctorCause.RegistrationRejected, DoctorDiagnostics.Registration(observation).Cause);
    }

    [Fact]
    public void Registration_NoAnswer_NamesNoResponse()
    {
        Assert.Equal(DoctorCause.NoResponse, DoctorDiagnostics.Registration(new RegistrationObservation { Name = "softphone 1000" }).Cause);
    }

    [Fact]
    public void Call_PrivateAddressReachesPublicPeerAndNoRtp_NamesPrivateAddress()
    {
        var callee = Softphone("softphone 1000", Avp("10.0.0.5")) with { EdgeAddress = PublicEdge, PacketsReceived = 0, VoicedPacketsReceived = 0 };
        var call = Healthy(Softphone("the switch") with { Measured = false }, callee);

        var diagnosis = DoctorDiagnostics.Call(call);

        Assert.Equal(DoctorCause.PrivateAddressInSdp, diagnosis.Cause);
        Assert.Contains("10.0.0.5", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_PrivateAddressButRtpFlows_IsHealthyWithWarning()
    {
        var callee = Softphone("softphone 1000", Avp("10.0.0.5")) with { EdgeAddress = PublicEdge };
        var call = Healthy(Softphone("the switch"), callee);

        Assert.True(DoctorDiagnostics.Call(call).IsHealthy);
        Assert.Single(DoctorDiagnostics.Warnings(call));
    }

    [Fact]
    public void Call_PrivateAddressOnPrivateNetwork_IsNotBlamed()
    {
        var callee = Softphone("softphone 1000", Avp("10.0.0.5")) with { EdgeAddress = IPAddress.Parse("10.0.0.1"), PacketsReceived = 0, VoicedPacketsReceived = 0 };

        Assert.Equal(DoctorCause.NoRtp, DoctorDiagnostics.Call(Healthy(Softphone("softphone 1001"), callee)).Cause);
    }

    [Fact]
    public void Call_NoRtpFromCaller_NamesNoRtpAndDirection()
    {
        var callee = Softphone("softphone 1001") with { PacketsReceived = 0, VoicedPacketsReceived = 0 };

        var diagnosis = DoctorDiagnostics.Call(Healthy(Softphone("softphone 1000"), callee));

        Assert.Equal(DoctorCause.NoRtp, diagnosis.Cause);
        Assert.StartsWith("no RTP from softphone 1000 reached softphone 1001", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_NoRtpBackToCaller_NamesTheOtherDirection()
    {
        var caller = Softphone("softphone 1000") with { PacketsReceived = 0, VoicedPacketsReceived = 0 };

        var diagnosis = DoctorDiagnostics.Call(Healthy(caller, Softphone("softphone 1001")));

        Assert.StartsWith("no RTP from softphone 1001 reached softphone 1000", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_SilentPayload_NamesSilentAudio()
    {
        var callee = Softphone("softphone 1000") with { VoicedPacketsReceived = 0 };

        Assert.Equal(DoctorCause.SilentAudio, DoctorDiagnostics.Call(Healthy(Softphone("the switch") with { Measured = false }, callee)).Cause);
    }

    [Fact]
    public void Call_EchoExpectedButOtherAudio_NamesEchoMissing()
    {
        var caller = Softphone("softphone 1000") with { ExpectsEcho = true, EchoedPackets = 0 };

        Assert.Equal(DoctorCause.EchoMissing, DoctorDiagnostics.Call(Healthy(caller, Softphone("the switch") with { Measured = false })).Cause);
    }

    [Fact]
    public void Call_EchoReturned_IsHealthy()
    {
        var callee = Softphone("softphone 1000") with { ExpectsEcho = true, EchoedPackets = 90 };

        Assert.True(DoctorDiagnostics.Call(Healthy(Softphone("the switch") with { Measured = false }, callee)).IsHealthy);
    }

    [Fact]
    public void Call_IceFailed_NamesIce()
    {
        var callee = Browser("browser 1002") with { IceState = "failed", PacketsReceived = 0 };

        Assert.Equal(DoctorCause.IceFailed, DoctorDiagnostics.Call(Healthy(Softphone("softphone 1000"), callee)).Cause);
    }

    [Fact]
    public void Call_DtlsFailed_NamesDtls()
    {
        var caller = Browser("browser 1002") with { DtlsState = "failed", PacketsReceived = 0 };

        Assert.Equal(DoctorCause.DtlsFailed, DoctorDiagnostics.Call(Healthy(caller, Softphone("softphone 1000"))).Cause);
    }

    [Fact]
    public void Call_Rejected_NamesStatus()
    {
        var call = Healthy(Softphone("softphone 1000"), Softphone("softphone 1001")) with { Answered = false, FinalStatus = 480, ReasonPhrase = "Temporarily Unavailable" };

        var diagnosis = DoctorDiagnostics.Call(call);

        Assert.Equal(DoctorCause.CallRejected, diagnosis.Cause);
        Assert.Contains("480", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_NoFinalResponse_NamesNoResponse()
    {
        var call = Healthy(Softphone("softphone 1000"), Softphone("softphone 1001")) with { Answered = false, FinalStatus = null };

        Assert.Equal(DoctorCause.NoResponse, DoctorDiagnostics.Call(call).Cause);
    }

    [Theory]
    [InlineData("127.0.0.1", AddressScope.Loopback)]
    [InlineData("::1", AddressScope.Loopback)]
    [InlineData("10.1.2.3", AddressScope.Private)]
    [InlineData("172.16.100.10", AddressScope.Private)]
    [InlineData("172.32.0.1", AddressScope.Public)]
    [InlineData("192.168.0.191", AddressScope.Private)]
    [InlineData("100.64.0.1", AddressScope.Private)]
    [InlineData("169.254.1.1", AddressScope.LinkLocal)]
    [InlineData("fd00::1", AddressScope.Private)]
    [InlineData("fe80::1", AddressScope.LinkLocal)]
    [InlineData("2001:db8::1", AddressScope.Public)]
    [InlineData("203.0.113.10", AddressScope.Public)]
    public void Of_Address_ReturnsScope(string address, AddressScope scope)
    {
        Assert.Equal(scope, AddressScopes.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void UnreachableAddresses_SwitchSdpSeenFromPublicEdge_ListsOriginAndConnection()
    {
        var lines = SdpChecks.UnreachableAddresses(SdpSamples.ParseText(Avp("172.16.100.10")), PublicEdge);

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("o=", lines[0], StringComparison.Ordinal);
        Assert.Equal("c=IN IP4 172.16.100.10", lines[1]);
    }

    [Fact]
    public void IsBrowserReady_ChromeOfferAndSwitchOffer_TellThemApart()
    {
        Assert.True(SdpChecks.IsBrowserReady(SdpSamples.Parse("chrome-offer.sdp"), out _));
        Assert.False(SdpChecks.IsBrowserReady(SdpSamples.ParseText(Avp("127.0.0.1")), out var protocol));
        Assert.Equal("RTP/AVP", protocol);
    }
}

/// <summary>The silence test of received payloads.</summary>
public sealed class PayloadLevelTests
{
    [Fact]
    public void IsVoiced_G711Silence_IsFalse()
    {
        Assert.False(PayloadLevel.IsVoiced(Bridgehead.Codecs.AudioCodec.Pcmu, Enumerable.Repeat((byte)0xFF, 160).ToArray()));
        Assert.False(PayloadLevel.IsVoiced(Bridgehead.Codecs.AudioCodec.Pcma, Enumerable.Repeat((byte)0xD5, 160).ToArray()));
    }

    [Fact]
    public void IsVoiced_Tone_IsTrue()
    {
        var samples = new short[160];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 400 * i / 8000.0));
        }

        var payload = new byte[160];
        Bridgehead.Codecs.G711.MuLaw.Encode(samples, payload);

        Assert.True(PayloadLevel.IsVoiced(Bridgehead.Codecs.AudioCodec.Pcmu, payload));
    }

    [Fact]
    public void Rms_Opus_IsUnknown()
    {
        Assert.Equal(-1, PayloadLevel.Rms(Bridgehead.Codecs.AudioCodec.Opus, [1, 2, 3]));
    }
}

/// <summary>The other direction of the profile mismatch: a browser's offer reaching a softphone.</summary>
public sealed class WebRtcToSoftphoneTests
{
    [Fact]
    public void Call_SavpfOfferReachesSoftphone_NamesWebRtcOfferedToSoftphone()
    {
        var chrome = System.Text.Encoding.UTF8.GetString(SdpSamples.Read("chrome-offer.sdp"));
        var callee = new LegObservation { Name = "softphone 1000", Kind = PeerKind.Softphone, ReceivedSdp = chrome, Failure = "488 Not Acceptable Here" };
        var caller = new LegObservation { Name = "browser 1002", Kind = PeerKind.Browser, ReceivedSdp = null };
        var call = new CallObservation { Caller = caller, Callee = callee, Answered = false, FinalStatus = 488 };

        Assert.Equal(DoctorCause.WebRtcOfferedToSoftphone, DoctorDiagnostics.Call(call).Cause);
    }
}
