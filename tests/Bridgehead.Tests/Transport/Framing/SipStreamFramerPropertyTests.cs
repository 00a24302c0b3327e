using System.Text;
using CsCheck;

namespace Bridgehead.Tests.Transport.Framing;

public sealed class SipStreamFramerPropertyTests
{
    // A message with a random binary body (CRLFs and empty lines included), announced either as
    // Content-Length or as compact "l", preceded by nothing, a stray CRLF or a keep-alive ping.
    private static readonly Gen<(byte[] Bytes, string Expected)> Unit =
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 3]).Select(t =>
        {
            var (body, compact, gap, extraHeaders) = t;
            var head = new StringBuilder("MESSAGE sip:bob@example.com SIP/2.0\r\n");
            for (var i = 0; i < extraHeaders; i++)
            {
                head.Append("X-Extra-").Append(i).Append(": value ").Append(i).Append("\r\n");
            }

            head.Append(compact ? "l: " : "Content-Length: ").Append(body.Length).Append("\r\n\r\n");
            var message = Encoding.ASCII.GetBytes(head.ToString()).Concat(body).ToArray();
            var prefix = gap switch { 1 => "\r\n"u8.ToArray(), 2 => "\r\n\r\n"u8.ToArray(), _ => [] };
            var expected = (gap == 2 ? "ping\n" : string.Empty) + "msg:" + Encoding.Latin1.GetString(message) + "\n";
            return (prefix.Concat(message).ToArray(), expected);
        });

    [Fact]
    public void Read_RandomStreamsCutAnywhere_GiveEveryMessageWhole()
    {
        Gen.Select(Unit.List[1, 5], Gen.Int[0, 100_000].Array[0, 5]).Sample(t =>
        {
            var (units, cutSeeds) = t;
            var stream = units.SelectMany(u => u.Bytes).ToArray();
            var cuts = cutSeeds.Select(c => c % (stream.Length + 1)).Order().Distinct().ToArray();

            var events = FramerDriver.Run(FramerDriver.SplitAt(stream, cuts), 65536, out var pending);

            Assert.Equal(string.Concat(units.Select(u => u.Expected)), string.Concat(events.Select(e => e + "\n")));
            Assert.False(pending);
        });
    }
}
