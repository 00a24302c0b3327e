using System.Collections.Concurrent;
using Bridgehead.Storage.Location;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Routing.Registrar;

/// <summary>
/// Bindings follow their connection (RFC 5626 flows; RFC 7118 §5 for WebSocket clients, whose
/// Contact host is an unresolvable ".invalid" name). A REGISTER over TCP, TLS, WS or WSS binds the
/// contact to the connection it arrived on; requests for the user go out over that very
/// connection. When it closes, the binding is unreachable at once (requests get 480) and is then
/// removed from the table and the store; a re-REGISTER on a new connection takes over.
/// </summary>
public sealed partial class Registrar
{
    // Connection id -> the AORs holding a binding on it (nearly always one). Only connections this
    // process saw a REGISTER on are here: a binding loaded from the store names a connection of an
    // earlier run, which is gone.
    private readonly ConcurrentDictionary<long, string[]> _flows = new();

    /// <summary>Connections currently carrying at least one binding.</summary>
    public int FlowCount => _flows.Count;

    /// <summary>
    /// True when a binding can be reached now: it is not bound to a connection (UDP), or its
    /// connection is open and carried this AOR's REGISTER.
    /// </summary>
    public bool IsReachable(BindingRecord binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return binding.ConnectionId == 0 ||
            (_flows.TryGetValue(binding.ConnectionId, out var aors) && Array.IndexOf(aors, binding.Aor) >= 0);
    }

    /// <summary>
    /// The connection has closed: its bindings become unreachable now and are removed (table and
    /// store) by the returned task. Not called for a transport that is shutting down, whose bindings
    /// are left to expire.
    /// </summary>
    public Task OnConnectionClosedAsync(long connectionId, CancellationToken cancellationToken)
    {
        if (!_flows.TryRemove(connectionId, out var aors))
        {
            return Task.CompletedTask;
        }

        return RemoveFlowAsync(connectionId, aors, cancellationToken);
    }

    private void TrackFlow(long connectionId, string aor) =>
        _flows.AddOrUpdate(
            connectionId,
            static (_, a) => [a],
            static (_, aors, a) => Array.IndexOf(aors, a) >= 0 ? aors : [.. aors, a],
            aor);

    private async Task RemoveFlowAsync(long connectionId, string[] aors, CancellationToken cancellationToken)
    {
        foreach (var aor in aors)
        {
            var gate = GateFor(aor);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                List<LocationOperation>? removals = null;
                foreach (var b in Table.Lookup(aor))
                {
                    // A re-REGISTER on a new connection already moved the binding: leave it.
                    if (b.ConnectionId == connectionId)
                    {
                        (removals ??= []).Add(LocationOperation.Remove(b.ContactUri));
                    }
                }

                if (removals is null)
                {
                    continue;
                }

                var change = new LocationChange(aor, [.. removals]);
                await _store.SaveAsync(change, cancellationToken).ConfigureAwait(false);
                Table.Apply(change);
                Log.FlowClosed(_logger, aor, connectionId, removals.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unreachable already; the binding lapses at its expiry if it cannot be removed now.
                Log.FlowRemovalFailed(_logger, aor, connectionId, ex);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: removed {Count} binding(s) of {Aor}")]
        public static partial void FlowClosed(ILogger logger, string aor, long connectionId, int count);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Removing the bindings of {Aor} on closed connection {ConnectionId} failed")]
        public static partial void FlowRemovalFailed(ILogger logger, string aor, long connectionId, Exception exception);
    }
}
