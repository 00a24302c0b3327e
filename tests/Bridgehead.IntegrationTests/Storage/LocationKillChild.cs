using System.Diagnostics.Metrics;
using System.Globalization;
using Bridgehead.Sip;
using Bridgehead.Storage;
using Bridgehead.Storage.Location;
using Bridgehead.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridgehead.IntegrationTests.Storage;

/// <summary>
/// The child process of the kill test: concurrent writers save bindings one after another and
/// print "acked N" once SaveAsync for binding N has completed, until the parent kills it.
/// </summary>
internal static class LocationKillChild
{
    /// <summary>"dataDirectory|count|writers"; set only in the child's environment.</summary>
    public const string EnvironmentVariable = "BRIDGEHEAD_STORAGE_KILL_CHILD";

    public static readonly DateTimeOffset Epoch = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Aor(int n) => $"user{n:D7}@kill.test";

    public static int Run(string arguments)
    {
        var parts = arguments.Split('|');
        var dataDirectory = parts[0];
        var count = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var writers = int.Parse(parts[2], CultureInfo.InvariantCulture);

        var options = Options.Create(new StorageOptions { DataDirectory = dataDirectory });
        using var meters = new ChildMeterFactory();
        var database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance, TimeProvider.System);
        var store = new SqliteLocationStore(
            database, options, new StorageMetrics(meters), NullLogger<SqliteLocationStore>.Instance, TimeProvider.System);
        database.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var output = Console.Out; // synchronised, flushed at every line: a printed ack is in the pipe
        output.WriteLine("ready");

        var next = -1;
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
            {
                await store.SaveAsync(LocationChange.Upsert(Binding(n)), CancellationToken.None);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"acked {n}"));
            }
        })).ToArray();
        Task.WaitAll(tasks);

        // Reached only when the parent was too slow to kill us; it then fails the test.
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        database.Dispose();
        output.WriteLine("done");
        return 0;
    }

    public static BindingRecord Binding(int n) => new()
    {
        Aor = Aor(n),
        ContactUri = string.Create(CultureInfo.InvariantCulture, $"sip:user{n}@198.51.100.{n % 250}:{5060 + (n % 1000)};ob"),
        ExpiresAt = Epoch.AddDays(3650),
        CallId = string.Create(CultureInfo.InvariantCulture, $"{n}@kill.test"),
        CSeq = n,
        Transport = SipTransportKind.Tcp,
        Source = string.Create(CultureInfo.InvariantCulture, $"198.51.100.{n % 250}:{1024 + (n % 60000)}"),
        LocalListener = "tcp:127.0.0.1:5060",
        ConnectionId = n + 1,
        UserAgent = "kill-test",
        UpdatedAt = Epoch,
    };

    private sealed class ChildMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
