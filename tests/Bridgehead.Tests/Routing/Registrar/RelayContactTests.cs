using System.Net;
using System.Text;
using Bridgehead.Routing;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Routing.Registrar;

public sealed class RelayContactTests
{
    private static readonly SipListenerInfo Facing = new(1, SipTransportKind.Udp, IPEndPoint.Parse("10.0.0.1:5060"), "203.0.113.1", 5060);

    [Theory]
    [InlineData("sip:a@198.51.100.7:5062", "198.51.100.7:5062", SipTransportKind.Udp, true)]
    [InlineData("sip:a@198.51.100.7:5062;transport=udp", "198.51.100.7:5062", SipTransportKind.Udp, true)]
    [InlineData("sip:a@198.51.100.7", "198.51.100.7:5060", SipTransportKind.Udp, true)]
    [InlineData("sip:a@192.168.1.20:5062", "198.51.100.7:5062", SipTransportKind.Udp, false)]
    [InlineData("sip:a@198.51.100.7:5062", "198.51.100.7:40000", SipTransportKind.Udp, false)]
    [InlineData("sip:a@198.51.100.7:5062;transport=tcp", "198.51.100.7:5062", SipTransportKind.Tcp, false)]
    [InlineData("sip:a@x.invalid;transport=ws", "198.51.100.7:5062", SipTransportKind.Ws, false)]
    [InlineData("sip:a@pc.example.com:5062", "198.51.100.7:5062", SipTransportKind.Udp, false)]
    public void IsReachableAsIs_ByTransportAddressAndPort(string contact, string source, SipTransportKind transport, bool expected) =>
        Assert.Equal(expected, RelayContact.IsReachableAsIs(SipUri.Parse(contact), new SipDestination(transport, IPEndPoint.Parse(source))));

    [Fact]
    public void Rewrite_EveryContactOfEveryLine_OneLineKeepingHeaderParameters_OtherLinesDropped()
    {
        var register = Parse(
            "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK1\r\nTo: <sip:alice@example.com>\r\n" +
            "From: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\nContact: \"Alice\" <sip:alice@192.168.1.20:5062>;expires=60, <sip:alice@198.51.100.7:5062>\r\n" +
            "Contact: sip:192.168.1.20:5070;q=0.5\r\nContent-Length: 0\r\n\r\n");

        var value = RelayContact.Rewrite(register, new SipDestination(SipTransportKind.Udp, IPEndPoint.Parse("198.51.100.7:5062")), Facing, always: false, out var others);

        var text = Encoding.UTF8.GetString(value!);
        var parts = text.Split(", ");
        Assert.Equal(3, parts.Length);
        Assert.StartsWith("\"Alice\" <sip:alice@203.0.113.1:5060;bhreg=", parts[0], StringComparison.Ordinal);
        Assert.EndsWith(">;expires=60", parts[0], StringComparison.Ordinal);
        Assert.Equal("<sip:alice@198.51.100.7:5062>", parts[1]);
        Assert.StartsWith("<sip:alice@203.0.113.1:5060;bhreg=", parts[2], StringComparison.Ordinal);
        Assert.EndsWith(">;q=0.5", parts[2], StringComparison.Ordinal);
        Assert.Equal([register.IndexOf(HeaderId.Contact, register.IndexOf(HeaderId.Contact) + 1)], others);

        Assert.True(RelayContact.TryRead(SipUri.Parse(parts[0][(parts[0].IndexOf('<', StringComparison.Ordinal) + 1)..parts[0].IndexOf('>', StringComparison.Ordinal)]), out var original));
        Assert.Equal("sip:alice@192.168.1.20:5062", Encoding.UTF8.GetString(original));
    }

    [Fact]
    public void Rewrite_WildcardOrReachableContacts_Null()
    {
        var source = new SipDestination(SipTransportKind.Udp, IPEndPoint.Parse("198.51.100.7:5062"));
        var wildcard = Parse("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK1\r\nTo: <sip:alice@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n");
        var reachable = Parse("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK1\r\nTo: <sip:alice@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\nContact: <sip:alice@198.51.100.7:5062>\r\nContent-Length: 0\r\n\r\n");

        Assert.Null(RelayContact.Rewrite(wildcard, source, Facing, always: true, out _));
        Assert.Null(RelayContact.Rewrite(reachable, source, Facing, always: false, out _));
        Assert.NotNull(RelayContact.Rewrite(reachable, source, Facing, always: true, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@@@")]
    [InlineData("AA")]
    public void TryReadKey_NotAKey_False(string key) => Assert.False(RelayContact.TryReadKey(Encoding.ASCII.GetBytes(key), out _));

    [Fact]
    public void PathParameters_FlowForAConnection_KeyForUdp()
    {
        var register = Parse("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK1\r\nTo: <sip:alice@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\nContact: <sip:alice@198.51.100.7:5062>\r\nContent-Length: 0\r\n\r\n");
        var ws = new SipDestination(SipTransportKind.Ws, IPEndPoint.Parse("198.51.100.7:40000"), 42, 2);

        var flow = RelayContact.PathParameters(register, ws);
        var udp = RelayContact.PathParameters(register, new SipDestination(SipTransportKind.Udp, IPEndPoint.Parse("198.51.100.7:5062")));

        Assert.True(RelayContact.TryReadPath(SipUri.Parse("sip:203.0.113.1;lr" + flow), out var contact, out var decoded));
        Assert.Equal(ws, decoded);
        Assert.Equal("sip:alice@198.51.100.7:5062", Encoding.UTF8.GetString(contact));
        Assert.True(RelayContact.TryReadPath(SipUri.Parse("sip:203.0.113.1;lr" + udp), out contact, out decoded));
        Assert.Null(decoded);
        Assert.Equal("sip:alice@198.51.100.7:5062", Encoding.UTF8.GetString(contact));
        Assert.False(RelayContact.TryReadPath(SipUri.Parse("sip:203.0.113.1;lr"), out _, out _));
    }

    [Fact]
    public void GrantedExpiries_ByTheUsersOwnContact_AndTheExpiresHeader()
    {
        var key = RelayContact.Key("sip:alice@x.invalid;transport=ws"u8);
        var ok = Parse($"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK1\r\nTo: <sip:alice@example.com>;tag=2\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\n" +
            $"Contact: <sip:alice@203.0.113.1:5060;bhreg={key}>;expires=120, <sip:alice@198.51.100.7:5062>;expires=\"90\"\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n");

        var granted = RelayContact.GrantedExpiries(ok, out var header);

        Assert.Equal(300, header);
        Assert.Equal(120, granted["sip:alice@x.invalid;transport=ws"]);
        Assert.Equal(90, granted["sip:alice@198.51.100.7:5062"]);
    }

    private static SipMessage Parse(string text)
    {
        var message = SipMessage.Parse(Encoding.ASCII.GetBytes(text)).Message!;
        Assert.Equal(SipParseError.None, message.Validate());
        return message;
    }
}
