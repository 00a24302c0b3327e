using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Bridgehead.Storage;
using Bridgehead.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridgehead.IntegrationTests.Storage;

/// <summary>
/// "An acknowledged registration survives kill -9": a child process saves bindings through the
/// SQLite location store with group commit and prints each acknowledgement; it is killed with
/// SIGKILL while writing; every binding it acknowledged must be in the database afterwards.
/// </summary>
public sealed class LocationKillTests : IDisposable
{
    private const int Count = 500_000;
    private const int Writers = 64;
    private const int AcksBeforeKill = 5_000;

    private readonly string dataDirectory =
        Path.Combine(Path.GetTempPath(), "bridgehead-storage-kill", Guid.NewGuid().ToString("n"));

    [Fact(Timeout = 180_000)]
    public async Task SigKill_WhileSaving_EveryAcknowledgedBindingIsThere()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(dataDirectory);
        using var child = StartChild();
        var acknowledged = new HashSet<int>();
        var lines = new List<string>();
        var enoughAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = child.StandardError.ReadToEndAsync(ct);
        var reader = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                lock (acknowledged)
                {
                    lines.Add(line);
                    if (line.StartsWith("acked ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(int.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
                        if (acknowledged.Count == AcksBeforeKill)
                        {
                            enoughAcks.TrySetResult();
                        }
                    }
                }
            }

            enoughAcks.TrySetResult(); // the child ended by itself; the assertions below say why
        }, ct);

        try
        {
            await enoughAcks.Task.WaitAsync(TimeSpan.FromSeconds(90), ct);
            if (child.HasExited)
            {
                Assert.Fail($"The child ended before the kill ({child.ExitCode}): {await stderr}");
            }

            child.Kill(); // SIGKILL on Unix: no handler, no flush, no disposal runs
            await child.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            await reader.WaitAsync(TimeSpan.FromSeconds(30), ct); // the rest of what it printed before dying
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        Assert.Equal(128 + 9, child.ExitCode); // .NET reports death by SIGKILL as 128 + 9
        Assert.DoesNotContain("done", lines);
        Assert.True(acknowledged.Count >= AcksBeforeKill, $"only {acknowledged.Count} acks");

        var stored = await LoadStoredAorsAsync(ct);
        var missing = acknowledged.Where(n => !stored.Contains(LocationKillChild.Aor(n))).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} of {acknowledged.Count} acknowledged bindings lost, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.True(stored.Count < Count, "the child finished every save: nothing was killed mid-stream");
        Assert.Equal("ok", await IntegrityCheckAsync(ct));
    }

    [Fact(Timeout = 180_000)]
    public async Task SigKill_ThenReopen_StoredBindingsLoadWithEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(dataDirectory);
        using var child = StartChild();
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line && !line.StartsWith("acked ", StringComparison.Ordinal))
        {
        }

        child.Kill();
        await child.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

        var (database, store) = OpenStore();
        await using (store)
        {
            using (database)
            {
                var loaded = await store.LoadAsync(LocationKillChild.Epoch, ct);
                Assert.NotEmpty(loaded);
                foreach (var binding in loaded)
                {
                    var n = int.Parse(binding.Aor.AsSpan(4, 7), CultureInfo.InvariantCulture);
                    Assert.Equal(LocationKillChild.Binding(n), binding);
                }
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private Process StartChild()
    {
        var assembly = typeof(LocationKillTests).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[LocationKillChild.EnvironmentVariable] =
            string.Create(CultureInfo.InvariantCulture, $"{dataDirectory}|{Count}|{Writers}");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
    }

    // The muxer that runs this test: dotnet test names it; else it sits above the runtime folder.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private (SqliteDatabase Database, SqliteLocationStore Store) OpenStore()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = dataDirectory });
        var database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance, TimeProvider.System);
        var store = new SqliteLocationStore(
            database, options, new StorageMetrics(new TestMeterFactory()), NullLogger<SqliteLocationStore>.Instance, TimeProvider.System);
        return (database, store);
    }

    private async Task<HashSet<string>> LoadStoredAorsAsync(CancellationToken ct)
    {
        var (database, store) = OpenStore();
        await using (store)
        {
            using (database)
            {
                var loaded = await store.LoadAsync(LocationKillChild.Epoch, ct);
                return loaded.Select(b => b.Aor).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    private async Task<string?> IntegrityCheckAsync(CancellationToken ct)
    {
        var file = Path.Combine(dataDirectory, StorageOptions.SqliteFileName);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check");
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
