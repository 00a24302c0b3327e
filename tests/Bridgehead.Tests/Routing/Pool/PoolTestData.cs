using System.Text;
using Bridgehead.Routing.Pool;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Routing.Pool;

/// <summary>Builders for pool unit tests: requests, and sets and groups loaded through <see cref="PoolState"/>.</summary>
internal static class PoolTestData
{
    public static SipMessage Request(string callId = "a@b", string from = "alice@example.com", string user = "9000", string method = "INVITE")
    {
        var text =
            $"{method} sip:{user}@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK-1\r\n" +
            $"From: <sip:{from}>;tag=1\r\nTo: <sip:{user}@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var message = SipMessage.Parse(Encoding.ASCII.GetBytes(text)).Message!;
        Assert.Equal(SipParseError.None, message.Validate());
        return message;
    }

    public static PoolState State(Action<PoolOptions>? configure = null, int seed = 1)
    {
        var options = new PoolOptions();
        configure?.Invoke(options);
        var ledger = new LoadBalancerLedger(new ResourceLoadPolicy(options.LoadBalancer.Mode, new Random(seed)));
        return new PoolState(new FakeTimeProvider(), Options.Create(options), ledger, new Random(seed));
    }

    public static DispatcherSet Set(string policy, params int[] weights)
    {
        var state = State(o => o.DefaultPolicy = policy);
        var rows = weights.Select((w, i) => new DispatcherRecord(i + 1, 1, $"sip:10.0.0.{i + 1}:5060", Weight: w)).ToList();
        return state.Apply(rows, []).Sets[1];
    }

    /// <summary>The member the policy puts first for a request.</summary>
    public static int First(DispatcherSet set, SipMessage request, IReadOnlyList<DispatcherMember>? candidates = null)
    {
        candidates ??= set.Members;
        Span<int> order = stackalloc int[candidates.Count];
        set.Policy.Order(candidates, request, order);
        return candidates[order[0]].Index;
    }
}
