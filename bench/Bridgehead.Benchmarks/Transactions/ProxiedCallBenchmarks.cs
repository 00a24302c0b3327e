using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sip;
using Bridgehead.Storage.Location;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Benchmarks.Transactions;

/// <summary>
/// One whole proxied call through <see cref="Bridgehead.Routing.SipEdge"/> in process, on UDP:
/// INVITE (100 Trying back, forwarded with Via, Record-Route, received/rport) → 100, 180, 200 from
/// the callee → ACK routed statelessly by its Route → BYE forwarded → 200. Then the fake clock
/// moves 40 s so every transaction's L/M/J/K timer ends it, as in a live server. The sender is the
/// recording one (it copies each message it is handed: one array per message sent).
/// The callee's responses are templates whose branch is replaced with the edge's.
/// </summary>
[MemoryDiagnoser]
public class ProxiedCallBenchmarks
{
    private const string Placeholder = "z9hG4bKEDGEBRANCHPLACEHOLDER";
    private static readonly TimeSpan AfterCall = TimeSpan.FromSeconds(40);

    private TestSipEdge _edge = null!;
    private SipDestination _alice;
    private SipDestination _bob;
    private byte[] _invite = [];
    private byte[] _ack = [];
    private byte[] _bye = [];
    private byte[] _trying = [];
    private byte[] _ringing = [];
    private byte[] _ok = [];
    private byte[] _byeOk = [];

    [GlobalSetup]
    public void Setup()
    {
        _edge = new TestSipEdge();
        _alice = _edge.Udp("198.51.100.10:5060");
        _bob = _edge.Udp("198.51.100.20:5062");
        _edge.Table.Apply(LocationChange.Upsert(new BindingRecord
        {
            Aor = "bob",
            ContactUri = "sip:bob@198.51.100.20:5062",
            ExpiresAt = new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CallId = "reg@198.51.100.20",
            CSeq = 1,
            Transport = SipTransportKind.Udp,
            Source = "198.51.100.20:5062",
            LocalListener = "udp:192.0.2.1:5060",
            UpdatedAt = TestSipEdge.Start,
        }));

        var invite = SipMessageBuilder.Request("INVITE", "sip:bob@example.com", sentBy: "198.51.100.10:5060")
            .Set("Call-ID", "bench-call@198.51.100.10").Set("From", "<sip:alice@example.com>;tag=alice1")
            .WithBody("application/sdp", "v=0\r\no=- 1 1 IN IP4 198.51.100.10\r\ns=-\r\nc=IN IP4 198.51.100.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\n");
        _invite = invite.Build();

        // The callee's answers as it builds them from the forwarded INVITE, with the edge's branch made a placeholder.
        _edge.Receive(_invite, _alice);
        var forwarded = _edge.Sender.RequestsWith(SipMethod.Invite)[0];
        var edgeBranch = Encoding.ASCII.GetString(forwarded.Message.TopVia.Branch.Span);
        string Answer(SentMessage request, int status, string branch, string? contact = null)
        {
            var response = SipMessageBuilder.Response(request.Message, status, toTag: status > 100 ? "bob1" : null);
            if (contact is not null)
            {
                response.Add("Contact", contact);
            }

            return response.ToString().Replace(branch, Placeholder, StringComparison.Ordinal);
        }

        _trying = Encoding.ASCII.GetBytes(Answer(forwarded, 100, edgeBranch));
        _ringing = Encoding.ASCII.GetBytes(Answer(forwarded, 180, edgeBranch, "<sip:bob@198.51.100.20:5062>"));
        _ok = Encoding.ASCII.GetBytes(Answer(forwarded, 200, edgeBranch, "<sip:bob@198.51.100.20:5062>"));

        var dialog = SipMessageBuilder.Request("ACK", "sip:bob@198.51.100.20:5062", sentBy: "198.51.100.10:5060")
            .Set("Call-ID", "bench-call@198.51.100.10").Set("From", "<sip:alice@example.com>;tag=alice1")
            .Set("To", "<sip:bob@example.com>;tag=bob1").Add("Route", "<sip:192.0.2.1:5060;lr>");
        _ack = dialog.Build();
        _bye = dialog.Clone().RequestUri("sip:bob@198.51.100.20:5062").Set("CSeq", "2 BYE")
            .Set("Via", $"SIP/2.0/UDP 198.51.100.10:5060;branch={SipMessageBuilder.NewBranch()};rport").Build();
        _bye = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(_bye).Replace("ACK sip:", "BYE sip:", StringComparison.Ordinal));
        // Unanswered here, so B, then H after the 408, must run out before the INVITE is reused.
        _edge.Advance(TimeSpan.FromSeconds(100));
        _edge.Sender.Clear();

        _edge.Receive(_invite, _alice);
        _edge.Receive(_bye, _alice);
        var byeForwarded = _edge.Sender.RequestsWith(SipMethod.Bye)[0];
        _byeOk = Encoding.ASCII.GetBytes(Answer(byeForwarded, 200, Encoding.ASCII.GetString(byeForwarded.Message.TopVia.Branch.Span)));
        _edge.Advance(TimeSpan.FromSeconds(100));
        _edge.Sender.Clear();

        // One call, checked: what alice and bob got.
        var sent = Call();
        var statuses = string.Join(",", _edge.Sender.Sent.Select(m => m.IsRequest ? m.Method.ToText() : m.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (statuses != "100,INVITE,180,200,ACK,BYE,200" || sent != 7 || _edge.Transactions.ServerCount + _edge.Transactions.ClientCount != 0)
        {
            throw new InvalidOperationException($"the benchmark call did not go through: {statuses}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _edge.Dispose();

    /// <summary>INVITE → 100/180/200 → ACK → BYE → 200, then the transactions' timers run out.</summary>
    [Benchmark]
    public int Call()
    {
        var sender = _edge.Sender;
        sender.Clear();
        _edge.Receive(_invite, _alice);
        var branch = TopBranch(sender.Sent[1].Data);
        _edge.Receive(WithBranch(_trying, branch), _bob);
        _edge.Receive(WithBranch(_ringing, branch), _bob);
        _edge.Receive(WithBranch(_ok, branch), _bob);
        _edge.Receive(_ack, _alice);
        _edge.Receive(_bye, _alice);
        _edge.Receive(WithBranch(_byeOk, TopBranch(sender.Sent[^1].Data)), _bob);
        _edge.Time.Advance(AfterCall);
        return sender.Sent.Count;
    }

    /// <summary>The branch of the first Via (the edge's own, inserted first).</summary>
    private static ReadOnlySpan<byte> TopBranch(byte[] request)
    {
        var span = request.AsSpan();
        var at = span.IndexOf("branch="u8) + 7;
        var end = span[at..].IndexOfAny(";\r,"u8);
        return span.Slice(at, end);
    }

    private static byte[] WithBranch(byte[] template, ReadOnlySpan<byte> branch)
    {
        var at = template.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Placeholder));
        var result = new byte[template.Length - Placeholder.Length + branch.Length];
        template.AsSpan(0, at).CopyTo(result);
        branch.CopyTo(result.AsSpan(at));
        template.AsSpan(at + Placeholder.Length).CopyTo(result.AsSpan(at + branch.Length));
        return result;
    }
}
