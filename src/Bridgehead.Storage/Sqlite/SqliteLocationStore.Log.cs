using Microsoft.Extensions.Logging;

namespace Bridgehead.Storage.Sqlite;

public sealed partial class SqliteLocationStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Location change of {Aor} failed and was not saved")]
        public static partial void ChangeFailed(ILogger logger, string aor, Exception exception);

        [LoggerMessage(EventId = 201, Level = LogLevel.Error,
            Message = "Location batch of {Count} changes to {DataSource} failed; none was saved")]
        public static partial void BatchFailed(ILogger logger, int count, string dataSource, Exception exception);

        [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Purged {Count} expired bindings")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = 204, Level = LogLevel.Critical, Message = "Location writer fault; the writer goes on")]
        public static partial void WriterFault(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Checkpoint of {DataSource} failed; the WAL keeps growing until the next one")]
        public static partial void CheckpointFailed(ILogger logger, string dataSource, Exception exception);

        [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Location writer for {DataSource} stopped; queue drained")]
        public static partial void WriterStopped(ILogger logger, string dataSource);
    }
}
