using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipMessageWriterTests
{
    [Fact]
    public void Write_Mixed_ProducesTheText()
    {
        using var writer = new SipMessageWriter(4);
        writer.Write("SIP/2.0 "u8).WriteDecimal(200).Write((byte)' ').Write("OK").WriteCrlf()
            .WriteHeader(HeaderId.CallId, "abc"u8)
            .WriteHeader(HeaderId.Subject, "Grüße")
            .WriteHeader(HeaderId.Expires, 3600)
            .WriteHeader("X-Thing"u8, "1"u8)
            .WriteBody("hello"u8);

        Assert.Equal(
            "SIP/2.0 200 OK\r\nCall-ID: abc\r\nSubject: Grüße\r\nExpires: 3600\r\nX-Thing: 1\r\nContent-Length: 5\r\n\r\nhello",
            Text(writer.ToArray()));
        Assert.Equal(writer.Length, writer.WrittenSpan.Length);
    }

    [Fact]
    public void Write_BeyondInitialCapacity_Grows()
    {
        using var writer = new SipMessageWriter(16);
        var chunk = new byte[1000];
        Array.Fill(chunk, (byte)'a');
        for (var i = 0; i < 10; i++)
        {
            writer.Write(chunk);
        }

        Assert.Equal(10_000, writer.Length);
        Assert.All(writer.ToArray(), b => Assert.Equal((byte)'a', b));
    }

    [Fact]
    public void Clear_AfterWriting_StartsAgain()
    {
        using var writer = new SipMessageWriter();
        writer.Write("abc"u8);
        writer.Clear();
        writer.Write("d"u8);

        Assert.Equal("d", Text(writer.ToArray()));
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var writer = new SipMessageWriter();
        writer.Write("abc"u8);
        writer.Dispose();
        writer.Dispose();

        Assert.Equal(0, writer.Length);
    }

    [Fact]
    public void WriteBody_Empty_WritesContentLengthZero()
    {
        using var writer = new SipMessageWriter();
        writer.WriteBody(default);

        Assert.Equal("Content-Length: 0\r\n\r\n", Text(writer.ToArray()));
    }
}
