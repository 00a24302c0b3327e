using Bridgehead.Routing;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing.Proxy;

/// <summary>
/// Forking across a user's contacts (RFC 3261 §16.6, §16.7): q groups tried in order, one group in
/// parallel, best-response choice, 6xx and 2xx ending the search, Timer C (§16.8).
/// </summary>
public sealed class ForkingTests : IDisposable
{
    private const string Desk = "198.51.100.21:5060";
    private const string Mobile = "198.51.100.22:5060";
    private const string Voicemail = "198.51.100.23:5060";

    private readonly TestSipEdge _edge;

    public ForkingTests() => _edge = new TestSipEdge();

    public void Dispose() => _edge.Dispose();

    private void RegisterContact(string endPoint, string q) =>
        _edge.Register("bob", $"<sip:bob@{endPoint}>;q={q}", _edge.Udp(endPoint));

    private void Call()
    {
        _edge.Sender.Clear();
        _edge.Receive(Invite(), _edge.Udp(Alice));
    }

    private int[] FinalsToAlice() => [.. _edge.StatusesTo(Alice).Where(s => s >= 200)];

    [Fact]
    public void HigherQ_IsTriedFirstAndTheNextGroupAfterItFails()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "0.5");
        Call();
        var desk = _edge.ForwardedTo(Desk);
        Assert.Empty(_edge.RequestsTo(Mobile));

        _edge.Answer(desk, 486);

        // The 486 is ACKed hop by hop, not passed up; the next group is tried.
        Assert.Equal(SipMethod.Ack, _edge.RequestsTo(Desk)[^1].Method);
        Assert.Empty(FinalsToAlice());
        var mobile = _edge.ForwardedTo(Mobile);
        Assert.Equal("sip:bob@198.51.100.22:5060", Text(mobile.Message.RequestUri));

        _edge.Answer(mobile, 200);
        Assert.Equal([200], FinalsToAlice());
    }

    [Fact]
    public void EveryGroupFails_TheBestResponseGoesUp()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "0.5");
        Call();
        _edge.Answer(_edge.ForwardedTo(Desk), 486);

        _edge.Answer(_edge.ForwardedTo(Mobile), 500);

        Assert.Equal([486], FinalsToAlice());
    }

    [Fact]
    public void EqualQ_IsForkedInParallel()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        RegisterContact(Voicemail, "0.1");

        Call();

        Assert.Single(_edge.RequestsTo(Desk));
        Assert.Single(_edge.RequestsTo(Mobile));
        Assert.Empty(_edge.RequestsTo(Voicemail));
        var branches = new[] { _edge.ForwardedTo(Desk), _edge.ForwardedTo(Mobile) }.Select(m => Text(m.Message.TopVia.Branch)).Distinct();
        Assert.Equal(2, branches.Count());
    }

    [Fact]
    public void Success_CancelsTheOtherRingingBranches()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        Call();
        var desk = _edge.ForwardedTo(Desk);
        var mobile = _edge.ForwardedTo(Mobile);
        _edge.Answer(desk, 180, toTag: "desk");
        _edge.Answer(mobile, 180, toTag: "mobile");

        _edge.Answer(desk, 200, toTag: "desk");

        Assert.Equal([200], FinalsToAlice());
        var cancel = _edge.ForwardedTo(Mobile, SipMethod.Cancel).Message;
        Assert.Equal(mobile.Message.TopVia.Branch.ToArray(), cancel.TopVia.Branch.ToArray());
        Assert.Empty(_edge.RequestsTo(Desk, SipMethod.Cancel));

        // The cancelled branch's 487 is absorbed (ACKed here, not passed up).
        _edge.Answer(mobile, 487, toTag: "mobile");
        Assert.Equal([200], FinalsToAlice());
        Assert.Single(_edge.RequestsTo(Mobile, SipMethod.Ack));
    }

    [Fact]
    public void Success_CancelsABranchWithoutProvisionalOnceItRings()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        Call();
        var mobile = _edge.ForwardedTo(Mobile);

        _edge.Answer(_edge.ForwardedTo(Desk), 200);
        Assert.Empty(_edge.RequestsTo(Mobile, SipMethod.Cancel));

        // RFC 3261 §9.1: a CANCEL may only follow a provisional response.
        _edge.Answer(mobile, 180, toTag: "mobile");
        Assert.Single(_edge.RequestsTo(Mobile, SipMethod.Cancel));
        Assert.DoesNotContain(180, _edge.StatusesTo(Alice));
    }

    [Fact]
    public void GlobalFailure_StopsTheSearchCancelsOthersAndGoesUp()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        RegisterContact(Voicemail, "0.5");
        Call();
        var mobile = _edge.ForwardedTo(Mobile);
        _edge.Answer(mobile, 180, toTag: "mobile");

        _edge.Answer(_edge.ForwardedTo(Desk), 603);

        Assert.Single(_edge.RequestsTo(Mobile, SipMethod.Cancel));
        Assert.Empty(FinalsToAlice());
        _edge.Answer(mobile, 487, toTag: "mobile");

        Assert.Equal([603], FinalsToAlice());
        Assert.Empty(_edge.RequestsTo(Voicemail));
    }

    [Fact]
    public void ClientErrorIsPreferredOverServerError()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        Call();

        _edge.Answer(_edge.ForwardedTo(Desk), 500);
        _edge.Answer(_edge.ForwardedTo(Mobile), 404);

        Assert.Equal([404], FinalsToAlice());
    }

    [Fact]
    public void AuthenticationChallenge_IsPreferredOverOtherClientErrors()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        Call();

        _edge.Answer(_edge.ForwardedTo(Desk), 486);
        _edge.Answer(_edge.ForwardedTo(Mobile), 407, change: r => r.Add("Proxy-Authenticate", "Digest realm=\"pbx\", nonce=\"n\""));

        Assert.Equal([407], FinalsToAlice());
    }

    [Fact]
    public void ServiceUnavailableFromDownstream_GoesUpAs500()
    {
        RegisterContact(Desk, "1.0");
        Call();

        _edge.Answer(_edge.ForwardedTo(Desk), 503, change: r => r.Add("Retry-After", "30"));

        var final = _edge.ResponsesTo(Alice).Single(m => m.Status >= 200).Message;
        Assert.Equal(500, final.StatusCode);
        Assert.Empty(final.All(HeaderId.RetryAfter));
    }

    [Fact]
    public void NoAnswerAtAll_TimerBGives408()
    {
        RegisterContact(Desk, "1.0");
        Call();

        _edge.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal([408], FinalsToAlice());
    }

    [Fact]
    public void SendFailure_Gives500()
    {
        RegisterContact(Desk, "1.0");
        _edge.Sender.Outcome = (destination, message) => message.IsRequest ? SendOutcome.ConnectFailed : SendOutcome.Sent;

        Call();

        Assert.Equal([500], FinalsToAlice());
    }

    [Fact]
    public void SendFailureOnTheFirstGroup_TriesTheNext()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "0.5");
        _edge.Sender.Outcome = (destination, message) =>
            message.IsRequest && destination.EndPoint.ToString() == Desk ? SendOutcome.ConnectFailed : SendOutcome.Sent;

        Call();

        Assert.Single(_edge.RequestsTo(Mobile));
    }

    [Fact]
    public void TimerC_AfterAProvisional_CancelsTheBranch()
    {
        using var edge = new TestSipEdge(proxy: p => p.TimerC = TimeSpan.FromSeconds(60));
        edge.Register("bob", $"<sip:bob@{Desk}>", edge.Udp(Desk));
        edge.Sender.Clear();
        edge.Receive(Invite(), edge.Udp(Alice));
        var desk = edge.ForwardedTo(Desk);
        edge.Advance(TimeSpan.FromSeconds(10));
        edge.Answer(desk, 180);

        // Timer C restarts with each provisional above 100.
        edge.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(edge.RequestsTo(Desk, SipMethod.Cancel));
        edge.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(edge.RequestsTo(Desk, SipMethod.Cancel));
        edge.Answer(desk, 487);
        Assert.Equal([487], edge.StatusesTo(Alice).Where(s => s >= 200));
    }

    [Fact]
    public void TimerC_WithoutAProvisional_Gives408()
    {
        // Timer C shorter than Timer B: the branch never answered at all.
        using var edge = new TestSipEdge(proxy: p => p.TimerC = TimeSpan.FromSeconds(5));
        edge.Register("bob", $"<sip:bob@{Desk}>", edge.Udp(Desk));
        edge.Sender.Clear();
        edge.Receive(Invite(), edge.Udp(Alice));

        edge.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([408], edge.StatusesTo(Alice).Where(s => s >= 200));
        Assert.Empty(edge.RequestsTo(Desk, SipMethod.Cancel));
        Assert.Equal(0, edge.Transactions.ClientCount);
    }

    [Fact]
    public void ProvisionalsFromEveryBranch_GoUpUntilTheFinal()
    {
        RegisterContact(Desk, "1.0");
        RegisterContact(Mobile, "1.0");
        Call();

        _edge.Answer(_edge.ForwardedTo(Desk), 180, toTag: "desk");
        _edge.Answer(_edge.ForwardedTo(Mobile), 183, toTag: "mobile");

        Assert.Equal([100, 180, 183], _edge.StatusesTo(Alice));
    }
}
