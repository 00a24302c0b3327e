using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing;

/// <summary>CANCEL through the proxy (RFC 3261 §9, §16.10): answered hop by hop, forwarded once a provisional arrived, 487 upstream.</summary>
public sealed class SipEdgeCancelTests : IDisposable
{
    private readonly TestSipEdge _edge = new();
    private readonly SipMessageBuilder _invite = Invite();

    public SipEdgeCancelTests()
    {
        _edge.RegisterBob();
        _edge.Receive(_invite, _edge.Udp(Alice));
    }

    public void Dispose() => _edge.Dispose();

    private void Cancel() => _edge.Receive(SipRequests.CancelFor(_invite.Parse()), _edge.Udp(Alice));

    [Fact]
    public void CancelAfterRinging_Gets200AndIsForwardedDownstream()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);

        Cancel();

        var ok = _edge.ResponsesTo(Alice)[^1].Message;
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(SipMethod.Cancel, ok.CSeq.Method);
        var cancel = _edge.ForwardedTo(Bob, SipMethod.Cancel).Message;
        Assert.Equal(forwarded.Message.TopVia.Branch.ToArray(), cancel.TopVia.Branch.ToArray());
        Assert.Equal(forwarded.Message.RequestUri.ToArray(), cancel.RequestUri.ToArray());
        Assert.Equal(forwarded.Message.CSeq.Number, cancel.CSeq.Number);
    }

    [Fact]
    public void CancelledInvite_487FromDownstreamIsAckedThereAndGoesUp()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();
        _edge.Answer(_edge.ForwardedTo(Bob, SipMethod.Cancel), 200, toTag: null);

        _edge.Answer(forwarded, 487);

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Ack));
        var final = _edge.ResponsesTo(Alice)[^1].Message;
        Assert.Equal(487, final.StatusCode);
        Assert.Equal(SipMethod.Invite, final.CSeq.Method);
    }

    [Fact]
    public void CancelledInvite_DownstreamAnswers200Anyway_200GoesUp()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();

        _edge.Answer(forwarded, 200);

        Assert.Equal(200, _edge.ResponsesTo(Alice).Last(m => m.Method == SipMethod.Invite).Status);
    }

    [Fact]
    public void CancelBeforeAnyProvisional_IsHeldUntilOneArrives()
    {
        var forwarded = _edge.ForwardedTo(Bob);

        Cancel();

        Assert.Contains(200, _edge.StatusesTo(Alice));
        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Cancel));

        _edge.Answer(forwarded, 100, toTag: null);
        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Cancel));
    }

    [Fact]
    public void CancelOfAnUnknownTransaction_Gets481()
    {
        var other = Invite();

        _edge.Receive(SipRequests.CancelFor(other.Parse()), _edge.Udp(Alice));

        Assert.Equal(481, _edge.ResponsesTo(Alice)[^1].Status);
    }

    [Fact]
    public void AckOf487FromUpstream_IsAbsorbedHopByHop()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();
        _edge.Answer(forwarded, 487);
        var final = _edge.ResponsesTo(Alice)[^1].Message;
        var acksToBob = _edge.RequestsTo(Bob, SipMethod.Ack).Count;

        _edge.Receive(SipRequests.AckFor(_invite.Parse(), final), _edge.Udp(Alice));

        Assert.Equal(acksToBob, _edge.RequestsTo(Bob, SipMethod.Ack).Count);
        var server = _edge.Transactions.FindInviteServer(_invite.Parse());
        Assert.Equal(TransactionState.Confirmed, server!.State);
    }

    [Fact]
    public void RetransmittedInvite_IsAnsweredWithTheLastResponseNotForwardedAgain()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);

        _edge.Receive(_invite, _edge.Udp(Alice));

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Invite));
        Assert.Equal([100, 180, 180], _edge.StatusesTo(Alice));
    }
}

/// <summary>CANCEL racing the edge's own asynchronous steps (a subscriber lookup in the database).</summary>
public sealed class SipEdgeCancelRaceTests
{
    [Fact]
    public async Task CancelWhileTheInviteIsBeingAuthenticated_TheInviteIsNotForwardedAfterThe487()
    {
        var subscribers = new GatedSubscriberStore();
        using var edge = new TestSipEdge(
            auth: a =>
            {
                a.Enabled = true;
                a.Algorithms = ["SHA-256"];
            },
            subscriberStore: subscribers);
        await edge.AddSubscriberAsync("alice", "secret");
        Auth.AuthenticatedEdge.RegisterBobAuthenticated(edge);

        // First INVITE: 407 with a nonce (no database read without credentials).
        edge.Receive(Invite(), edge.Udp(Alice));
        var challenge = edge.Sender.SingleResponse(407).Message;
        var nonce = Text(challenge.FirstValue(HeaderId.ProxyAuthenticate)).Split("nonce=\"")[1].Split('"')[0];
        var ha1 = Bridgehead.Sip.Digest.DigestMath.Ha1(Bridgehead.Sip.Digest.DigestAlgorithm.Sha256, "alice", "example.com", "secret");
        var digest = Bridgehead.Sip.Digest.DigestMath.Response(Bridgehead.Sip.Digest.DigestAlgorithm.Sha256, ha1, "INVITE", "sip:bob@example.com", nonce, "00000001", "c0ffee", "auth");
        var invite = Invite().Add(
            "Proxy-Authorization",
            $"Digest username=\"alice\", realm=\"example.com\", nonce=\"{nonce}\", uri=\"sip:bob@example.com\", response=\"{digest}\", algorithm=SHA-256, cnonce=\"c0ffee\", qop=auth, nc=00000001");

        // The retry's subscriber lookup is slow; the caller hangs up meanwhile.
        subscribers.Hold();
        edge.Receive(invite, edge.Udp(Alice));
        edge.Receive(SipRequests.CancelFor(invite.Parse()), edge.Udp(Alice));
        Assert.Contains(487, edge.StatusesTo(Alice));
        subscribers.Release();

        Assert.Empty(edge.RequestsTo(Bob, SipMethod.Invite));
    }

    /// <summary>A subscriber store whose lookups can be held back, like a busy database.</summary>
    private sealed class GatedSubscriberStore : Bridgehead.Storage.Subscribers.ISubscriberStore
    {
        private readonly Bridgehead.Storage.Memory.InMemorySubscriberStore _inner = new();
        private TaskCompletionSource? _gate;

        public void Hold() => _gate = new TaskCompletionSource();

        public void Release() => _gate?.SetResult();

        public async Task<Bridgehead.Storage.Subscribers.SubscriberRecord?> FindAsync(string username, string domain, CancellationToken cancellationToken)
        {
            if (_gate is { } gate)
            {
                await gate.Task;
            }

            return await _inner.FindAsync(username, domain, cancellationToken);
        }

        public Task<bool> AddOrUpdateAsync(Bridgehead.Storage.Subscribers.SubscriberRecord subscriber, CancellationToken cancellationToken) =>
            _inner.AddOrUpdateAsync(subscriber, cancellationToken);

        public Task<bool> RemoveAsync(string username, string domain, CancellationToken cancellationToken) => _inner.RemoveAsync(username, domain, cancellationToken);

        public Task<IReadOnlyList<Bridgehead.Storage.Subscribers.SubscriberRecord>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);
    }
}
