using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Bridgehead.Storage.Location;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// A change (or a purge) waiting for the location writer, and the awaitable its caller holds.
/// Instances are reused once the caller has read the result, so a REGISTER's save allocates
/// nothing here. Continuations run on the writer's thread, right after the commit: a REGISTER's
/// reply is built and sent there without a thread-pool hop per save (at thousands of saves a
/// second that hop costs more CPU than the save). Code awaiting a save must therefore not block;
/// the writer never touches an item again after completing it, so reuse from a continuation is safe.
/// </summary>
internal sealed class PendingWrite : IValueTaskSource, IValueTaskSource<int>
{
    private readonly PendingWritePool pool;
    private ManualResetValueTaskSourceCore<int> core;

    public PendingWrite(PendingWritePool pool)
    {
        this.pool = pool;
        core.RunContinuationsAsynchronously = false;
    }

    /// <summary>The change to apply; null for a purge.</summary>
    public LocationChange? Change { get; private set; }

    /// <summary>For a purge: bindings expiring at or before this instant (Unix ms) go.</summary>
    public long PurgeUpTo { get; private set; }

    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The writer's result, kept until the batch commits: rows the purge removed.</summary>
    public int Result { get; set; }

    public short Version => core.Version;

    public void ForChange(LocationChange change, CancellationToken cancellationToken)
    {
        Change = change;
        CancellationToken = cancellationToken;
    }

    public void ForPurge(long upTo, CancellationToken cancellationToken)
    {
        PurgeUpTo = upTo;
        CancellationToken = cancellationToken;
    }

    public void Succeed() => core.SetResult(Result);

    public void Fail(Exception error) => core.SetException(error);

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public int GetResult(short token)
    {
        // Only a completed, current awaiter may release the instance; a misuse must not recycle it
        // under a caller that still waits.
        if (core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The save has not completed.");
        }

        try
        {
            return core.GetResult(token);
        }
        finally
        {
            Change = null;
            PurgeUpTo = 0;
            Result = 0;
            CancellationToken = default;
            core.Reset();
            pool.Return(this);
        }
    }
}

/// <summary>Reusable <see cref="PendingWrite"/>s of one store (never shared between stores).</summary>
internal sealed class PendingWritePool(int capacity)
{
    private readonly ConcurrentQueue<PendingWrite> free = new();
    private int count;

    public PendingWrite Rent()
    {
        if (free.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref count);
            return item;
        }

        return new PendingWrite(this);
    }

    public void Return(PendingWrite item)
    {
        if (Interlocked.Increment(ref count) <= capacity)
        {
            free.Enqueue(item);
        }
        else
        {
            Interlocked.Decrement(ref count);
        }
    }
}
