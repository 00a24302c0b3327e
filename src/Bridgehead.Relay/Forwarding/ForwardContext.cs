using Bridgehead.Relay.Io;

namespace Bridgehead.Relay.Forwarding;

/// <summary>What the forwarder needs from the worker it runs on: counters, a scratch buffer for STUN answers, and the time of the current batch.</summary>
internal sealed class ForwardContext(IMediaWorker worker, RelayEvents events, TimeProvider time)
{
    // Every answer the ICE-lite agent writes fits in 256 bytes (IceLiteAgent.Process).
    public const int ScratchSize = 512;

    public IMediaWorker Worker { get; } = worker;

    public RelayEvents Events { get; } = events;

    public TimeProvider Time { get; } = time;

    public WorkerCounters Counters { get; } = new();

    public byte[] Scratch { get; } = new byte[ScratchSize];

    /// <summary>TimeProvider timestamp at the start of the current batch of packets.</summary>
    public long Now { get; set; }

    /// <summary>Wall-clock time at the start of the batch (the ICE agent's consent clock).</summary>
    public DateTimeOffset UtcNow { get; set; }
}
