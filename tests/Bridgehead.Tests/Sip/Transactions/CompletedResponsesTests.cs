using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Sip.Transactions;

/// <summary>
/// Completed non-INVITE server transactions on UDP (RFC 3261 §17.2.2): the layer keeps only the
/// final response for Timer J and replays it from there.
/// </summary>
public sealed class CompletedResponsesTests : IDisposable
{
    private readonly TransactionLayerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static SipMessageBuilder Register(string sentBy = "198.51.100.10:5060") =>
        SipMessageBuilder.Request("REGISTER", "sip:example.com", sentBy: sentBy);

    [Fact]
    public void Retransmission_AfterFinal_ReplaysTheSameBytesToTheSameDestination()
    {
        var register = Register().Set("Via", "SIP/2.0/UDP 198.51.100.10:5060;rport;branch=z9hG4bK-kept-1");
        var source = TransactionLayerFixture.UdpFrom("203.0.113.7:40123");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        var disposition = _f.Receive(register, source, out var again);

        Assert.Equal(RequestDisposition.Retransmission, disposition);
        Assert.Null(again);
        var sent = _f.Sender.ResponsesWith(200);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Data, sent[1].Data);
        Assert.Equal(sent[0].Destination, sent[1].Destination);
        Assert.Equal("203.0.113.7:40123", sent[1].Destination.EndPoint.ToString());
    }

    [Fact]
    public void Retransmission_FromIPv6_IsAnsweredOnIPv6()
    {
        var register = Register("[2001:db8::10]:5060").Set("Via", "SIP/2.0/UDP [2001:db8::10]:5060;rport;branch=z9hG4bK-kept-v6");
        var source = TransactionLayerFixture.UdpFrom("[2001:db8::10]:5062");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        _f.Receive(register, source, out _);

        var sent = _f.Sender.ResponsesWith(200);
        Assert.Equal(2, sent.Count);
        Assert.Equal("[2001:db8::10]:5062", sent[1].Destination.EndPoint.ToString());
        Assert.Equal(sent[0].Destination.ListenerId, sent[1].Destination.ListenerId);
    }

    [Fact]
    public void RequestAfterTimerJ_IsANewTransaction()
    {
        var register = Register();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        _f.Time.Advance(64 * _f.Timers.T1);

        Assert.Equal(0, _f.Layer.ServerCount);
        Assert.Equal(RequestDisposition.New, _f.Receive(register, source, out var fresh));
        Assert.NotNull(fresh);
        Assert.Single(_f.Sender.ResponsesWith(200));
    }

    [Fact]
    public void TimerJ_ExpiresEachInTurn()
    {
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        var first = Register();
        var second = Register();
        _f.Receive(first, source, out var a);
        TransactionLayerFixture.Respond(a!, 200, "OK");
        _f.Time.Advance(TimeSpan.FromSeconds(10));
        _f.Receive(second, source, out var b);
        TransactionLayerFixture.Respond(b!, 200, "OK");

        _f.Time.Advance((64 * _f.Timers.T1) - TimeSpan.FromSeconds(10));

        Assert.Equal(1, _f.Layer.ServerCount);
        Assert.Equal(RequestDisposition.New, _f.Receive(first, source, out _));
        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(second, source, out _));

        _f.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _f.Layer.ServerCount); // the first one's new transaction, still running
    }

    [Fact]
    public void ProvisionalThenFinal_KeepsTheFinal()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(options, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 100, "Trying");
        TransactionLayerFixture.Respond(transaction!, 404, "Not Found");

        _f.Receive(options, source, out _);

        Assert.Equal(2, _f.Sender.ResponsesWith(404).Count);
        Assert.Single(_f.Sender.ResponsesWith(100));
    }

    [Fact]
    public void SecondFinal_IsIgnoredAndTheFirstIsReplayed()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(options, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");
        transaction!.SendResponse(500, "SIP/2.0 500 Late\r\n\r\n"u8.ToArray());

        _f.Receive(options, source, out _);

        Assert.Equal(2, _f.Sender.ResponsesWith(200).Count);
        Assert.Empty(_f.Sender.ResponsesWith(500));
        Assert.Equal(1, _f.Layer.ServerCount);
        Assert.Equal(1, _f.Layer.PendingTimers); // the kept responses' Timer J only, not the handed-over transaction
    }

    [Fact]
    public void ManyKeptResponses_SpanningChunks_EachReplaysItsOwnBytes()
    {
        // ~2,000 responses of ~500 bytes: several 128 KiB chunks.
        const int count = 2_000;
        var requests = new List<(SipMessageBuilder Request, SipDestination Source)>();
        for (var i = 0; i < count; i++)
        {
            var register = Register().Set("Via", $"SIP/2.0/UDP 198.51.100.10:5060;rport;branch=z9hG4bK-span-{i}");
            var source = TransactionLayerFixture.UdpFrom($"203.0.113.{(i % 200) + 1}:{10000 + i}");
            _f.Receive(register, source, out var transaction);
            TransactionLayerFixture.Respond(transaction!, 200, $"OK {i}{new string('x', i % 97)}");
            requests.Add((register, source));
        }

        var originals = _f.Sender.ResponsesWith(200);
        _f.Sender.Clear();
        for (var i = count - 1; i >= 0; i--)
        {
            Assert.Equal(RequestDisposition.Retransmission, _f.Receive(requests[i].Request, requests[i].Source, out _));
        }

        var replays = _f.Sender.ResponsesWith(200);
        Assert.Equal(count, replays.Count);
        for (var i = 0; i < count; i++)
        {
            var replay = replays[count - 1 - i];
            Assert.Equal(originals[i].Data, replay.Data);
            Assert.Equal(originals[i].Destination, replay.Destination);
        }

        Assert.Equal(count, _f.Layer.ServerCount);
    }

    [Fact]
    public void WavesOverTimerJ_ExpireInOrder_AndLaterWavesReuseTheRoom()
    {
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        SipMessageBuilder[] Wave(string name)
        {
            var wave = new SipMessageBuilder[600];
            for (var i = 0; i < wave.Length; i++)
            {
                wave[i] = Register().Set("Via", $"SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-{name}-{i}");
                _f.Receive(wave[i], source, out var transaction);
                TransactionLayerFixture.Respond(transaction!, 200, $"OK {name} {i}{new string('y', 200)}");
            }

            return wave;
        }

        var first = Wave("first");
        _f.Time.Advance(TimeSpan.FromSeconds(20));
        var second = Wave("second");
        _f.Time.Advance((64 * _f.Timers.T1) - TimeSpan.FromSeconds(20));

        Assert.Equal(second.Length, _f.Layer.ServerCount);
        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(second[^1], source, out _));
        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(second[0], source, out _));

        _f.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, _f.Layer.ServerCount);

        // Three more rounds, each after the last has expired: the same room serves again.
        var chunks = _f.Layer.KeptResponseChunks;
        Assert.InRange(chunks, 2, 5); // 1,200 responses of ~450 bytes took more than one chunk
        for (var round = 0; round < 3; round++)
        {
            var wave = Wave($"round{round}");
            _f.Sender.Clear();
            Assert.Equal(RequestDisposition.Retransmission, _f.Receive(wave[123], source, out _));
            Assert.Contains($"OK round{round} 123y", _f.Sender.Last.Text, StringComparison.Ordinal);
            _f.Time.Advance(64 * _f.Timers.T1);
            Assert.Equal(0, _f.Layer.ServerCount);
            Assert.InRange(_f.Layer.KeptResponseChunks, 1, chunks + 1);
        }

        Assert.Equal(RequestDisposition.New, _f.Receive(first[0], source, out _));
    }

    [Fact]
    public void KeysThatSplitDifferently_AreDifferentTransactions()
    {
        // The same bytes end to end (branch then sent-by), split at another place.
        var a = Register("10.0.0.1:5060").Set("Via", "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-split1");
        var b = Register("0.0.0.1:5060").Set("Via", "SIP/2.0/UDP 0.0.0.1:5060;branch=z9hG4bK-split11");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(a, source, out var ta);
        TransactionLayerFixture.Respond(ta!, 200, "OK a");

        Assert.Equal(RequestDisposition.New, _f.Receive(b, source, out var tb));
        TransactionLayerFixture.Respond(tb!, 200, "OK b");
        _f.Sender.Clear();
        _f.Receive(a, source, out _);
        _f.Receive(b, source, out _);

        Assert.StartsWith("SIP/2.0 200 OK a\r\n", _f.Sender.Sent[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 200 OK b\r\n", _f.Sender.Sent[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseLargerThanAChunk_StaysWithItsTransactionAndIsStillReplayed()
    {
        var register = Register();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(register, source, out var transaction);
        var large = System.Text.Encoding.ASCII.GetBytes($"SIP/2.0 200 OK\r\nX-Filler: {new string('z', 140_000)}\r\nContent-Length: 0\r\n\r\n");
        transaction!.SendResponse(200, large);

        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(register, source, out var running));
        Assert.Same(transaction, running);
        Assert.Equal(2, _f.Sender.ResponsesWith(200).Count);
        Assert.Equal(large, _f.Sender.ResponsesWith(200)[1].Data);

        _f.Time.Advance(64 * _f.Timers.T1);
        Assert.Equal(0, _f.Layer.ServerCount);
    }
}
