using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Benchmarks.Transactions;

/// <summary>
/// The server transaction table under load: with <see cref="LiveTransactions"/> other transactions
/// in it, one request creates a transaction, its retransmission matches it, and a final response
/// over TCP ends and removes it. The goal is that the per-request cost does not grow with the
/// table (RFC 3261 §17.2.3 matching is a hash lookup on branch, sent-by and method).
/// </summary>
[MemoryDiagnoser]
public class TransactionTableBenchmarks
{
    private static readonly SipDestination Source = new(SipTransportKind.Tcp, IPEndPoint.Parse("198.51.100.10:40000"), 7, 1);

    private const int SampleSize = 1024;

    private readonly ScopedMeterFactory _meters = new();
    private TransactionLayer _layer = null!;
    private SipMessage _request = null!;
    private SipMessage[] _live = [];
    private SipMessage[] _sample = [];
    private byte[] _response = [];
    private int _next;

    [Params(1_000, 100_000)]
    public int LiveTransactions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var metrics = new TransactionMetrics(_meters);
        _layer = new TransactionLayer(new DiscardSender(), new FakeTimeProvider(), Options.Create(new SipTimerOptions()), metrics);
        _live = new SipMessage[LiveTransactions];
        for (var i = 0; i < LiveTransactions; i++)
        {
            _live[i] = Parse(Request($"z9hG4bKlive{i:x8}", $"live-{i}@198.51.100.10"));
            _layer.ReceiveRequest(_live[i], Source, out _, out _);
        }

        // The same number of messages is matched whatever the table size, so the working set of
        // messages is equal and only the table differs.
        _sample = new SipMessage[SampleSize];
        for (var i = 0; i < SampleSize; i++)
        {
            _sample[i] = _live[(int)((long)i * LiveTransactions / SampleSize)];
        }

        _request = Parse(Request("z9hG4bKbench0001", "bench@198.51.100.10"));
        _response = SipResponses.Simple(_request, 200, "OK"u8, null, "t"u8);
        if (_layer.ServerCount != LiveTransactions)
        {
            throw new InvalidOperationException("the table was not filled");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _meters.Dispose();

    /// <summary>New request → transaction created; retransmission → matched; 200 over TCP → removed.</summary>
    /// <remarks>
    /// Returns the state rather than <see cref="TransactionLayer.ServerCount"/>: counting a
    /// ConcurrentDictionary takes every one of its locks, and their number grows with the table.
    /// </remarks>
    [Benchmark]
    public TransactionState CreateMatchRemove()
    {
        _layer.ReceiveRequest(_request, Source, out var transaction, out _);
        _layer.ReceiveRequest(_request, Source, out _, out _);
        transaction!.SendResponse(200, _response);
        return transaction.State;
    }

    /// <summary>A retransmission of one of the live transactions (1,024 of them in turn, spread over the table), matched and absorbed.</summary>
    [Benchmark]
    public RequestDisposition MatchRetransmission()
    {
        var request = _sample[_next];
        _next = (_next + 1) & (SampleSize - 1);
        return _layer.ReceiveRequest(request, Source, out _, out _);
    }

    private static string Request(string branch, string callId) =>
        $"OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 198.51.100.10:40000;branch={branch}\r\n" +
        $"From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private static SipMessage Parse(string text)
    {
        var message = SipMessage.Parse(Encoding.ASCII.GetBytes(text)).Message!;
        return message.Validate() == SipParseError.None ? message : throw new InvalidOperationException("benchmark request does not validate");
    }

    /// <summary>A transport that accepts everything and keeps nothing.</summary>
    private sealed class DiscardSender : ISipSender
    {
        public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null) => SendOutcome.Sent;
    }
}
