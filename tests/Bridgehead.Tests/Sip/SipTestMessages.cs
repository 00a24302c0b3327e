using System.Text;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Sip;

/// <summary>Builders for hand-written test messages: lines joined with CRLF, parsed and checked.</summary>
internal static class SipTestMessages
{
    /// <summary>A valid INVITE with the headers a softphone sends, used where any valid request will do.</summary>
    public const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@192.0.2.10:5060>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Joins lines with CRLF and ends the header block with an empty line, then appends the body.</summary>
    public static byte[] Lines(string body, params string[] lines) =>
        Bytes(string.Join("\r\n", lines) + "\r\n\r\n" + body);

    public static SipMessage Parse(string text) => ParseOk(Bytes(text));

    public static SipMessage ParseOk(byte[] data)
    {
        var result = SipMessage.Parse(data);
        Assert.Equal(SipParseError.None, result.Error);
        Assert.NotNull(result.Message);
        return result.Message;
    }

    public static SipMessage Valid(string text) => Valid(Bytes(text));

    public static SipMessage Valid(byte[] data)
    {
        var message = ParseOk(data);
        Assert.Equal(SipParseError.None, message.Validate());
        return message;
    }

    /// <summary>A valid request with one extra header line inserted after the Via.</summary>
    public static string InviteWith(params string[] extraLines) =>
        Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + string.Concat(extraLines.Select(l => l + "\r\n")), StringComparison.Ordinal);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static byte[] Vector(string rfc, string name) => Bridgehead.Testing.TestVectors.Read(rfc, name + ".dat");
}
