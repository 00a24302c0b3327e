using System.Text;
using Bridgehead.Sdp;
using CsCheck;

namespace Bridgehead.Tests.Sdp;

/// <summary>
/// Properties of the parser: valid descriptions come back byte for byte; any input is either a
/// session or a reason, never an exception; and whatever parses, writes back unchanged.
/// </summary>
public sealed class SdpRoundTripPropertyTests
{
    private static readonly Gen<char> TextChar = Gen.Frequency(
        (20, Gen.Char[' ', '~']),
        (1, Gen.OneOfConst('é', 'ü', '中', '文', '\t')));

    private static readonly Gen<string> Text = Gen.String[TextChar, 0, 24];

    private static readonly Gen<string> Token = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!%*+"], 1, 12];

    private static readonly Gen<string> Address = Gen.OneOf(
        Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255], (a, b, c, d) => $"IP4 {a}.{b}.{c}.{d}"),
        Gen.Select(Gen.UShort, Gen.UShort, (a, b) => $"IP6 2001:db8::{a:x}:{b:x}"),
        Gen.Const("IP4 0.0.0.0"));

    private static readonly Gen<string> SessionAttribute = Gen.OneOf(
        Gen.Const("a=ice-lite"),
        Gen.Select(Token, t => $"a=group:BUNDLE 0 {t}"),
        Gen.Const("a=msid-semantic: WMS"),
        Gen.Select(Token, t => $"a=ice-options:trickle {t}"),
        Gen.Select(Token, Text, (n, v) => $"a=x-{n}:{v}"),
        Gen.Select(Token, n => $"a=x-{n}"));

    private static readonly Gen<string> MediaAttribute = Gen.OneOf(
        Gen.Select(Gen.Int[0, 127], Token, Gen.Int[1, 96000], (pt, name, rate) => $"a=rtpmap:{pt} {name}/{rate}"),
        Gen.Select(Gen.Int[0, 127], Gen.Int[1, 96000], Gen.Int[1, 8], (pt, rate, ch) => $"a=rtpmap:{pt} opus/{rate}/{ch}"),
        Gen.Select(Gen.Int[0, 127], Text, (pt, p) => $"a=fmtp:{pt} {p}".TrimEnd()),
        Gen.Select(Gen.Int[0, 500], p => $"a=ptime:{p}"),
        Gen.Select(Gen.Int[0, 65535], Address, (port, a) => $"a=rtcp:{port} IN {a}"),
        Gen.OneOfConst("a=rtcp-mux", "a=rtcp-rsize", "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive", "a=end-of-candidates", "a=setup:actpass", "a=setup:active"),
        Gen.Select(Gen.UInt, Gen.Int[0, 65535], Gen.Int[1, 2], (prio, port, comp) => $"a=candidate:{prio % 1000} {comp} udp {prio} 192.0.2.7 {port} typ host generation 0"),
        Gen.Select(Gen.UInt, Gen.OneOfConst("active", "passive", "so"), (prio, t) => $"a=candidate:1 1 tcp {prio} 192.0.2.7 9 typ host tcptype {t}"),
        Gen.Select(Token, Token, (u, p) => $"a=ice-ufrag:{u}\na=ice-pwd:{p}"),
        Gen.Select(Gen.Byte.Array[32], d => $"a=fingerprint:sha-256 {Convert.ToHexString(d).Chunk(2).Select(c => new string(c)).Aggregate((x, y) => x + ":" + y)}"),
        Gen.Select(Gen.Int[1, 14], Token, (id, u) => $"a=extmap:{id} urn:{u}"),
        Gen.Select(Gen.Int[1, 9], Token, (tag, key) => $"a=crypto:{tag} AES_CM_128_HMAC_SHA1_80 inline:{key}|2^20|1:32"),
        Gen.Select(Token, t => $"a=mid:{t}"),
        Gen.Select(Gen.UInt, Token, (s, c) => $"a=ssrc:{s} cname:{c}"),
        Gen.Select(Token, Text, (n, v) => $"a=x-{n}:{v}"));

    private static readonly Gen<string[]> Media = Gen.Select(
        Gen.OneOfConst("audio", "video", "application"),
        Gen.Int[0, 65535],
        Gen.OneOfConst(SdpProtocol.RtpAvp, SdpProtocol.RtpSavp, SdpProtocol.UdpTlsRtpSavpf, SdpProtocol.RtpAvpf),
        Gen.Int[0, 127].Array[1, 6],
        Gen.Bool,
        Address,
        MediaAttribute.Array[0, 12],
        (media, port, proto, formats, hasC, address, attributes) =>
        {
            var lines = new List<string> { $"m={media} {port} {proto} {string.Join(' ', formats)}" };
            if (hasC)
            {
                lines.Add($"c=IN {address}");
            }

            lines.AddRange(attributes.SelectMany(a => a.Split('\n')));
            return lines.ToArray();
        });

    private static readonly Gen<string> ValidSdp = Gen.Select(
        Gen.Select(Token, Gen.ULong, Gen.ULong, Address, (user, id, version, address) => $"o={user} {id} {version} IN {address}"),
        Text,
        Gen.Select(Gen.Bool, Address, (has, a) => has ? $"c=IN {a}" : null),
        SessionAttribute.Array[0, 5],
        Media.Array[0, 4],
        Gen.Int[0, 3].Array[64],
        Gen.OneOfConst(string.Empty, "\r\n", "\r\n\r\n", "\n"),
        (origin, name, connection, attributes, media, endings, trailer) =>
        {
            var lines = new List<string> { "v=0", origin, $"s={name}" };
            var hasSessionC = connection is not null;
            if (connection is not null)
            {
                lines.Add(connection);
            }

            lines.Add("t=0 0");
            lines.AddRange(attributes);
            foreach (var section in media)
            {
                lines.AddRange(section);
                if (!hasSessionC && !section.Any(l => l.StartsWith("c=", StringComparison.Ordinal)))
                {
                    lines.Insert(lines.Count - section.Length + 1, "c=IN IP4 192.0.2.1");
                }
            }

            var text = new StringBuilder();
            for (var i = 0; i < lines.Count; i++)
            {
                text.Append(lines[i]);
                var last = i == lines.Count - 1;
                text.Append((endings[i % endings.Length], last) switch
                {
                    (0, true) => string.Empty, // body without a final newline: then no trailer either
                    (1, _) => "\n",
                    _ => "\r\n",
                });
                if (last && endings[i % endings.Length] != 0)
                {
                    text.Append(trailer);
                }
            }

            return text.ToString();
        });

    [Fact]
    public void WriteOfParse_ValidGeneratedSdp_IsByteIdentical()
    {
        ValidSdp.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True(SdpParser.TryParse(bytes, out var session, out var failure), $"{failure}\n{text}");
            Assert.Equal(bytes, SdpWriter.ToBytes(session));
        }, iter: 2000);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (SdpParser.TryParse(bytes, out var session, out _))
            {
                Assert.Equal(bytes, SdpWriter.ToBytes(session));
            }
        }, iter: 20000);
    }

    [Fact]
    public void TryParse_RandomLinesAfterHeader_NeverThrowsAndWhatParsesRoundTrips()
    {
        var header = Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n");
        var line = Gen.Select(Gen.Char["amcbtosvz"], Gen.String[Gen.Char[' ', '~'], 0, 60], (t, v) => $"{t}={v}\r\n");
        line.Array[1, 12].Sample(lines =>
        {
            byte[] bytes = [.. header, .. Encoding.UTF8.GetBytes(string.Concat(lines))];
            if (SdpParser.TryParse(bytes, out var session, out var failure))
            {
                Assert.Equal(bytes, SdpWriter.ToBytes(session));
                _ = session.Media.Select(m => (m.Codecs, m.Candidates, m.Fingerprints, m.Cryptos, m.Extmaps, m.Rtcp, m.Ptime, session.GetEffectiveDirection(m))).ToList();
            }
            else
            {
                Assert.NotEqual(SdpParseError.None, failure.Error);
            }
        }, iter: 20000);
    }

    [Fact]
    public void TryParse_MutatedRealSamples_NeverThrowsAndWhatParsesRoundTrips()
    {
        var samples = SdpSamples.All.Select(SdpSamples.Read).ToArray();
        Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 4000].Array[1, 6], Gen.Byte.Array[6], Gen.Int[0, 4000])
            .Sample((index, positions, values, cut) =>
            {
                var bytes = samples[index].ToArray();
                for (var i = 0; i < positions.Length; i++)
                {
                    bytes[positions[i] % bytes.Length] = values[i];
                }

                bytes = bytes[..Math.Min(bytes.Length, cut + 1)];
                if (SdpParser.TryParse(bytes, out var session, out _))
                {
                    Assert.Equal(bytes, SdpWriter.ToBytes(session));
                }
            }, iter: 20000);
    }
}
