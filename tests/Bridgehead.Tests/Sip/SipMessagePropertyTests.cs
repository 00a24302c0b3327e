using System.Net;
using System.Text;
using Bridgehead.Sip;
using CsCheck;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

/// <summary>
/// Properties of the parser and writer over generated messages: grammatical messages read back
/// the parts they were built from and are forwarded byte-exact; any input at all, random or a
/// mutated RFC 4475 message, yields a value and never an exception.
/// </summary>
public sealed class SipMessagePropertyTests
{
    private static readonly IPEndPoint Source = IPEndPoint.Parse("198.51.100.7:40123");

    [Fact]
    public void Parse_GeneratedMessage_ReadsBackEveryPart()
    {
        SipMessageGenerator.Message.Sample(g =>
        {
            var result = SipMessage.Parse(g.Bytes);
            Assert.Equal(SipParseError.None, result.Error);
            var m = result.Message!;
            Assert.Equal(SipParseError.None, m.Validate());
            AssertReadsBack(g, m);
        }, iter: 2000);
    }

    [Fact]
    public void ToArray_GeneratedMessageWithoutEdits_IsByteExactAndParsesTheSame()
    {
        SipMessageGenerator.Message.Sample(g =>
        {
            var m = SipMessage.Parse(g.Bytes).Message!;
            using var editor = new SipMessageEditor(m);
            var copy = editor.ToArray();
            Assert.Equal(g.Bytes, copy);

            var again = SipMessage.Parse(copy).Message!;
            Assert.Equal(SipParseError.None, again.Validate());
            AssertReadsBack(g, again);
        }, iter: 500);
    }

    [Fact]
    public void ProxyEdits_GeneratedRequest_ChangeOnlyWhatWasEdited()
    {
        // A request with Max-Forwards 0 is answered, not forwarded (RFC 3261 §16.3 step 3).
        SipMessageGenerator.Message.Where(g => g.IsRequest && g.MaxForwards > 0).Sample(g =>
        {
            var m = SipMessage.Parse(g.Bytes).Message!;
            Assert.Equal(SipParseError.None, m.Validate());
            using var editor = new SipMessageEditor(m);
            editor.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKedge.1"u8);
            editor.AddHeaderFirst(HeaderId.RecordRoute, "<sip:192.0.2.1;lr>"u8);
            editor.ReplaceHeaderValue(m.IndexOf(HeaderId.MaxForwards), Encoding.ASCII.GetBytes((m.MaxForwards - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var popped = 0;
            foreach (var route in m.Values(HeaderId.Route))
            {
                editor.RemoveValue(route);
                popped = 1;
                break;
            }

            var output = editor.ToArray();
            var forwarded = SipMessage.Parse(output).Message!;
            Assert.Equal(SipParseError.None, forwarded.Validate());
            Assert.Equal(g.MaxForwards - 1, forwarded.MaxForwards);
            Assert.Equal("z9hG4bKedge.1", Text(forwarded.TopVia.Branch));
            Assert.Equal(g.ViaCount + 1, Count(forwarded.Values(HeaderId.Via)));
            Assert.Equal(g.RouteCount - popped, Count(forwarded.Values(HeaderId.Route)));
            Assert.Equal(g.Body, forwarded.Body.ToArray());
            Assert.Equal(g.CallId, Text(forwarded.CallId));
            foreach (var h in m.Headers)
            {
                if (h.Id is HeaderId.Unknown or HeaderId.From or HeaderId.To or HeaderId.Contact or HeaderId.CSeq)
                {
                    Assert.True(output.AsSpan().IndexOf(m.Buffer.Span.Slice(h.LineStart, h.LineLength)) >= 0);
                }
            }
        }, iter: 500);
    }

    [Fact]
    public void RemoveValue_AnySubsetOfValues_KeepsTheOthersInOrder()
    {
        var gen = Gen.Select(SipMessageGenerator.Message, Gen.Bool.Array[12]);
        gen.Sample((g, remove) =>
        {
            var m = SipMessage.Parse(g.Bytes).Message!;
            using var editor = new SipMessageEditor(m);
            var kept = new List<string>();
            var i = 0;
            foreach (var v in m.Values(HeaderId.Via))
            {
                // The top Via stays, so the result remains a valid message.
                if (i > 0 && remove[i % remove.Length])
                {
                    editor.RemoveValue(v);
                }
                else
                {
                    kept.Add(Text(v.Span));
                }

                i++;
            }

            var result = SipMessage.Parse(editor.ToArray()).Message!;
            Assert.Equal(SipParseError.None, result.Validate());
            var values = new List<string>();
            foreach (var v in result.Values(HeaderId.Via))
            {
                values.Add(Text(v.Span));
            }

            Assert.Equal(kept, values);
        }, iter: 1000);
    }

    [Fact]
    public void Simple_GeneratedRequest_AnswersWithTheDialogHeaders()
    {
        SipMessageGenerator.Message.Where(g => g.IsRequest).Sample(g =>
        {
            var request = SipMessage.Parse(g.Bytes).Message!;
            Assert.Equal(SipParseError.None, request.Validate());
            var response = SipMessage.Parse(SipResponses.Simple(request, 480, "Temporarily Unavailable"u8, Source, "edge-tag"u8)).Message!;

            Assert.Equal(SipParseError.None, response.Validate());
            Assert.Equal(480, response.StatusCode);
            Assert.Equal(g.CallId, Text(response.CallId));
            Assert.Equal(g.CSeqNumber, response.CSeq.Number);
            Assert.Equal(g.FromTag, Text(response.From.Tag));
            Assert.Equal(request.To.HasTag ? Text(request.To.Tag) : "edge-tag", Text(response.To.Tag));
            Assert.Equal(g.ViaCount, Count(response.Values(HeaderId.Via)));
            Assert.Equal(request.TopVia.Branch.ToArray(), response.TopVia.Branch.ToArray());
            Assert.Equal("198.51.100.7", Text(response.TopVia.Received));
        }, iter: 500);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(Exercise, iter: 3000);
    }

    [Fact]
    public void Parse_RandomSipAlphabet_NeverThrows()
    {
        // Bytes that mean something to the grammar, behind a request or status line, so that
        // the header, URI and parameter parsers are reached.
        var alphabet = Gen.Frequency(
            (6, Gen.Char["abcXYZ019:;,\"<>@[]\\%= \t\r\n/.?&*-_"]),
            (1, Gen.Char['\0', '\u00ff']));
        var starts = Gen.OneOfConst(
            "INVITE sip:a@b SIP/2.0\r\n",
            "REGISTER sip:[::1]:5060 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n",
            "SIP/2.0 200 OK\r\nVia: ",
            "OPTIONS sip:u@h SIP/2.0\r\nFrom: ",
            "BYE sip:u@h SIP/2.0\r\nContact: ",
            "X sip:u@h SIP/2.0\r\nv: SIP/2.0/TCP ");
        var gen = Gen.Select(starts, alphabet.Array[0, 300], (s, a) => Encoding.Latin1.GetBytes(s + new string(a)));
        gen.Sample(Exercise, iter: 5000);
    }

    [Fact]
    public void Parse_MutatedTortureVectors_NeverThrows()
    {
        var vectors = Directory.GetFiles(Bridgehead.Testing.TestVectors.Path("rfc4475"), "*.dat")
            .Concat(Directory.GetFiles(Bridgehead.Testing.TestVectors.Path("rfc5118"), "*.dat"))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToArray();
        var interesting = Gen.OneOfConst((byte)',', (byte)';', (byte)'"', (byte)'<', (byte)'>', (byte)':', (byte)'\r', (byte)'\n', (byte)' ', (byte)'\\', (byte)'%', (byte)'[', (byte)']', (byte)'@', (byte)'=', (byte)'0', (byte)0, (byte)0xff);
        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[1, 40], Gen.Frequency((3, interesting), (1, Gen.Byte)), (kind, at, length, b) => (kind, at, length, b));
        var gen = Gen.Select(Gen.Int[0, vectors.Length - 1], mutation.Array[1, 8], (i, ms) => Mutate(vectors[i], ms));
        gen.Sample(Exercise, iter: 5000);
    }

    [Fact]
    public void Parse_MutatedGeneratedMessages_NeverThrows()
    {
        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[1, 20], Gen.Byte, (kind, at, length, b) => (kind, at, length, b));
        Gen.Select(SipMessageGenerator.Message, mutation.Array[1, 4], (g, ms) => Mutate(g.Bytes, ms)).Sample(Exercise, iter: 2000);
    }

    private static byte[] Mutate(byte[] original, (int Kind, int At, int Length, byte Byte)[] mutations)
    {
        var data = new List<byte>(original);
        foreach (var (kind, at, length, b) in mutations)
        {
            if (data.Count == 0)
            {
                data.Add(b);
                continue;
            }

            var p = at % data.Count;
            var n = Math.Min(length, data.Count - p);
            switch (kind)
            {
                case 0: data[p] = b; break;
                case 1: data.Insert(p, b); break;
                case 2: data.RemoveRange(p, n); break;
                case 3: data.InsertRange(p, data.GetRange(p, n)); break;
                default: data.RemoveRange(p, data.Count - p); break;
            }
        }

        return [.. data];
    }

    private static int Count(HeaderValueEnumerator values)
    {
        var n = 0;
        foreach (var _ in values)
        {
            n++;
        }

        return n;
    }

    private static void AssertReadsBack(GeneratedMessage g, SipMessage m)
    {
        Assert.Equal(g.IsRequest, m.IsRequest);
        if (g.IsRequest)
        {
            Assert.Equal(g.StartToken, Text(m.MethodToken));
            Assert.Equal(g.RequestUri, Text(m.RequestUri));
            Assert.Equal(g.MaxForwards, m.MaxForwards);
        }
        else
        {
            Assert.Equal(g.StatusCode, m.StatusCode);
            Assert.Equal(g.Reason, Text(m.ReasonPhrase));
        }

        Assert.Equal(g.Headers.Length, m.HeaderCount);
        for (var i = 0; i < g.Headers.Length; i++)
        {
            var h = m.Headers[i];
            Assert.Equal(g.Headers[i].Name, Text(m.Name(h)));
            Assert.Equal(g.Headers[i].Id, h.Id);
            Assert.Equal(g.Headers[i].Value, Text(m.Value(h)));
        }

        Assert.Equal(g.Body, m.Body.ToArray());
        Assert.Equal(g.CallId, Text(m.CallId));
        Assert.Equal(g.CSeqNumber, m.CSeq.Number);
        Assert.Equal(g.FromTag, Text(m.From.Tag));
        Assert.Equal(g.ViaCount, Count(m.Values(HeaderId.Via)));
        Assert.Equal(g.RouteCount, Count(m.Values(HeaderId.Route)));
    }

    /// <summary>Touches every accessor and helper a proxy would use on a message; none may throw.</summary>
    internal static void Exercise(byte[] data)
    {
        var result = SipMessage.Parse(data);
        var m = result.Message;
        _ = result.Error.ReasonPhrase();
        if (m is null)
        {
            return;
        }

        _ = m.Validate();
        _ = m.Validate();
        _ = (m.MethodToken.Length, m.RequestUri.Length, m.ReasonPhrase.Length, m.Body.Length, m.StatusCode, m.ContentLength, m.ToString());
        _ = (m.TopVia.HostText, m.TopVia.Branch, m.TopVia.HasRport, m.TopVia.PortOrDefault, m.TopVia.Received, m.TopVia.HasMagicCookie);
        _ = (m.From.Tag, m.To.HasTag, m.CSeq.Number, m.CallId, m.MaxForwards, m.Uri.UserText, m.Uri.IsLooseRouter, m.Uri.Transport);
        if (m.Uri.IsSip)
        {
            _ = m.Uri.HostText;
        }

        foreach (var h in m.Headers)
        {
            _ = (m.Name(h).Length, m.Value(h).Length, m.IndexOfName(m.Name(h)));
        }

        for (var id = HeaderId.Unknown; id < HeaderId.Count; id++)
        {
            foreach (var v in m.Values(id))
            {
                if (Via.TryParse(v.Memory, out var via))
                {
                    _ = (via.HostText, via.Branch, ViaReceived.ResponseDestination(via, Source));
                    using var w = new SipMessageWriter();
                    ViaReceived.Write(w, v.Span, via, Source);
                }

                if (NameAddress.TryParse(v.Memory, out var address, allowWildcard: true) && !address.IsWildcard)
                {
                    _ = (address.Tag, QuotedString.Decode(address.DisplayName.Span), address.Uri.UserText, address.Uri.Transport, address.Uri.IsLooseRouter);
                    if (address.Uri.IsSip)
                    {
                        _ = address.Uri.HostText;
                    }
                }

                _ = CSeqHeader.TryParse(v.Memory, out _);
                _ = SipUri.TryParse(v.Memory, out _);
                _ = Bridgehead.Sip.Digest.DigestCredentials.TryParse(v.Memory, out var credentials) ? credentials.UsernameText : null;
            }
        }

        _ = BranchGenerator.LoopHash(m);
        if (m.IsRequest)
        {
            _ = SipResponses.Simple(m, 400, result.Error.ReasonPhrase(), Source, "tag"u8);
            _ = SipResponses.Simple(m, 100, "Trying"u8, null);
        }

        using var editor = new SipMessageEditor(m);
        Assert.Equal(m.Buffer.ToArray(), editor.ToArray());
        foreach (var route in m.Values(HeaderId.Route))
        {
            editor.RemoveValue(route);
            break;
        }

        if (m.IsRequest)
        {
            editor.SetRequestUri("sip:next@192.0.2.9"u8);
        }

        editor.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx"u8);
        var maxForwards = m.IndexOf(HeaderId.MaxForwards);
        if (maxForwards >= 0)
        {
            editor.ReplaceHeaderValue(maxForwards, "1"u8);
        }

        editor.EnsureContentLength();
        _ = editor.ToArray();
    }
}
