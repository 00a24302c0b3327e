using System.Diagnostics.Metrics;
using System.Globalization;
using Bridgehead.Sip;
using Bridgehead.Storage;
using Bridgehead.Storage.Location;
using Bridgehead.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridgehead.Benchmarks.Storage;

/// <summary>A SQLite location store on a temporary data folder, removed on dispose.</summary>
internal sealed class StorageBenchmarkDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "bridgehead-storage-bench", Guid.NewGuid().ToString("n"));
    private readonly BenchmarkMeterFactory meters = new();
    private readonly SqliteDatabase database;

    public StorageBenchmarkDatabase(SqliteSynchronous synchronous)
    {
        var options = Options.Create(new StorageOptions { DataDirectory = directory, Synchronous = synchronous });
        database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance, TimeProvider.System);
        Store = new SqliteLocationStore(
            database, options, new StorageMetrics(meters), NullLogger<SqliteLocationStore>.Instance, TimeProvider.System);
        database.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public SqliteLocationStore Store { get; }

    /// <summary>A registration as a softphone behind NAT sends it: every field a REGISTER fills.</summary>
    public static BindingRecord Binding(int n) => new()
    {
        Aor = string.Create(CultureInfo.InvariantCulture, $"{100000 + n}@example.com"),
        ContactUri = string.Create(CultureInfo.InvariantCulture, $"sip:{100000 + n}@10.0.{n / 250 % 250}.{n % 250}:5060;transport=tcp;ob"),
        ExpiresAt = Now.AddSeconds(3600),
        CallId = string.Create(CultureInfo.InvariantCulture, $"{n:x8}-4f1c-9a2b@10.0.0.1"),
        CSeq = 2,
        Transport = SipTransportKind.Tcp,
        Source = string.Create(CultureInfo.InvariantCulture, $"203.0.113.{n % 250}:{1024 + n % 60000}"),
        LocalListener = "tcp:127.0.0.1:5060",
        ConnectionId = n + 1,
        InstanceId = "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>",
        RegId = 1,
        UserAgent = "Zoiper rv2.10.20.4",
        UpdatedAt = Now,
    };

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        database.Dispose();
        meters.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private sealed class BenchmarkMeterFactory : IMeterFactory
    {
        private readonly List<Meter> created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            created.Add(meter);
            return meter;
        }

        public void Dispose() => created.ForEach(m => m.Dispose());
    }
}
