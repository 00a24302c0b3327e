using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start and reports every problem at once.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <summary>The largest <see cref="StorageOptions.MaxBatch"/>: a bigger batch only delays the first waiter.</summary>
    public const int MaxBatchLimit = 65_536;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        var isSqlite = StorageProviders.Is(options.Provider, StorageProviders.Sqlite);
        if (!isSqlite && !StorageProviders.Is(options.Provider, StorageProviders.Memory))
        {
            errors.Add($"Storage:Provider '{options.Provider}' is not one of {string.Join(", ", StorageProviders.All)}.");
        }

        if (isSqlite)
        {
            ValidateSqliteLocation(options, errors);
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            errors.Add($"Storage:Synchronous '{options.Synchronous}' is not Normal or Full.");
        }

        if (options.MaxBatch is < 1 or > MaxBatchLimit)
        {
            errors.Add($"Storage:MaxBatch {options.MaxBatch} is outside 1..{MaxBatchLimit}.");
        }

        if (options.MaxQueuedChanges < options.MaxBatch || options.MaxQueuedChanges < 1)
        {
            errors.Add($"Storage:MaxQueuedChanges {options.MaxQueuedChanges} is below 1 or below MaxBatch ({options.MaxBatch}).");
        }

        if (options.CommitInterval < TimeSpan.Zero || options.CommitInterval > TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"Storage:CommitInterval {options.CommitInterval} is outside 0..100 ms.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Storage:BusyTimeout {options.BusyTimeout} is outside 0..10 minutes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSqliteLocation(StorageOptions options, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    errors.Add("Storage:ConnectionString names no Data Source.");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                errors.Add($"Storage:ConnectionString is not a SQLite connection string: {e.Message}");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Storage:DataDirectory is required when Provider is sqlite and no ConnectionString is given.");
        }
        else if (options.DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Storage:DataDirectory '{options.DataDirectory}' contains characters a path cannot hold.");
        }
    }
}
