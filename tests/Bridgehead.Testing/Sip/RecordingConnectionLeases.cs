using Bridgehead.Routing.Registrar;

namespace Bridgehead.Testing.Sip;

/// <summary>An <see cref="IConnectionLeases"/> that records every extension it is asked for.</summary>
public sealed class RecordingConnectionLeases : IConnectionLeases
{
    private readonly Lock _lock = new();
    private readonly List<(long ConnectionId, DateTimeOffset Until)> _extensions = [];

    public IReadOnlyList<(long ConnectionId, DateTimeOffset Until)> Extensions
    {
        get
        {
            lock (_lock)
            {
                return [.. _extensions];
            }
        }
    }

    public void Extend(long connectionId, DateTimeOffset until)
    {
        lock (_lock)
        {
            _extensions.Add((connectionId, until));
        }
    }

    /// <summary>The latest time a connection was leased until, or null when it never was.</summary>
    public DateTimeOffset? LeasedUntil(long connectionId)
    {
        lock (_lock)
        {
            var found = _extensions.FindLast(e => e.ConnectionId == connectionId);
            return found.ConnectionId == connectionId ? found.Until : null;
        }
    }
}
