namespace Bridgehead.Storage;

/// <summary>Where and how Bridgehead keeps its data. Bound from the "Storage" section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The file name of the SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "bridgehead.db";

    /// <summary>"sqlite" (the default: durable, embedded) or "memory" (a lab that forgets on restart).</summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>The data folder; the SQLite database is &lt;DataDirectory&gt;/bridgehead.db. Created when missing.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>An ADO.NET connection string that replaces the one built from <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite's synchronous setting for writes. <see cref="SqliteSynchronous.Normal"/> (the default)
    /// with the WAL journal survives a kill of the process; only <see cref="SqliteSynchronous.Full"/>
    /// survives a power loss or a kernel crash, at the price of an fsync per committed batch.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The most location changes committed in one transaction (group commit). Default 256.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// How long the location writer pauses after a commit (when it did not fill a batch) before it
    /// takes what has queued meanwhile. A lone commit costs about as much CPU as the rest of a
    /// REGISTER (cold locks, WAL frames, system calls), so whenever saves come more often than
    /// this the pause, not the arrival pattern, decides how many REGISTERs share one; it adds at
    /// most about this much to a REGISTER's answer, far below SIP's 500 ms T1. Saves further apart
    /// than this on average commit at once (with Normal, on the caller's thread while the writer
    /// is parked). Zero commits as soon as the previous commit ends. Default 20 ms.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How many location changes may wait for the writer before SaveAsync waits for room. Default 65,536.</summary>
    public int MaxQueuedChanges { get; set; } = 65_536;

    /// <summary>How long a statement waits for another connection's lock before failing. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The values of <see cref="StorageOptions.Provider"/>.</summary>
public static class StorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Memory = "memory";

    /// <summary>Every provider this build knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Sqlite, Memory];

    /// <summary>True when <paramref name="provider"/> names <paramref name="known"/> (case-insensitive).</summary>
    public static bool Is(string? provider, string known) => string.Equals(provider, known, StringComparison.OrdinalIgnoreCase);
}

/// <summary>SQLite's PRAGMA synchronous values Bridgehead offers (OFF is not offered: it loses acknowledged writes).</summary>
public enum SqliteSynchronous
{
    /// <summary>WAL is written at each commit, synced at checkpoints: survives a process kill, not a power loss.</summary>
    Normal,

    /// <summary>WAL is synced at each commit: survives a power loss.</summary>
    Full,
}
