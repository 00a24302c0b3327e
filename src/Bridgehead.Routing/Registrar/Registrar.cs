using System.Globalization;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Location;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Registrar;

/// <summary>
/// The registrar (RFC 3261 §10.3): validates a REGISTER, adds, refreshes and removes bindings in
/// Call-ID/CSeq order, persists the change (the 200 goes out only once it is durable), and answers
/// with every current binding. Concurrent REGISTERs of one AOR are serialised; lookups never wait.
/// </summary>
public sealed partial class Registrar
{
    private readonly ILocationStore _store;
    private readonly TimeProvider _time;
    private readonly RegistrarOptions _options;
    private readonly ILogger<Registrar> _logger;
    private readonly IConnectionLeases _leases;
    private static readonly Task<bool> Refused = Task.FromResult(false); // completed, so immutable

    // Each REGISTER holds its AOR's gate until its change is committed (up to
    // Storage:CommitInterval). At 6,000 REGISTER/s that is ~100 gates held at once, and a REGISTER
    // that finds its slot taken by an unrelated AOR waits a whole commit and resumes on the thread
    // pool (a wake-up of a pool thread). With 256 slots a quarter of REGISTERs at 3,000/s did; with
    // 4,096 one in forty at 6,000/s (the pool thread then took 4% of the process); with 65,536 one
    // in six hundred. Gates are made on first use and kept: the slots cost 512 KiB, and with every
    // slot used (a few hundred thousand AORs) the gates about 5 MB more.
    private const int AorGates = 65536;
    private readonly SemaphoreSlim?[] _aorGates = new SemaphoreSlim?[AorGates];

    public Registrar(
        ILocationStore store,
        LocationTable table,
        TimeProvider time,
        IOptions<RegistrarOptions> options,
        IConnectionLeases leases,
        ILogger<Registrar> logger)
    {
        _store = store;
        Table = table;
        _time = time;
        _options = options.Value;
        _leases = leases;
        _logger = logger;
    }

    public LocationTable Table { get; }

    public RegistrarOptions Options => _options;

    /// <summary>Handles a REGISTER (already authorised) on its server transaction; true when it was answered 200.</summary>
    public Task<bool> RegisterAsync(ServerTransaction transaction, string listenerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = Plan(transaction.Request, out var aor, out var plan);
        if (result.Status != 0)
        {
            Reply(transaction, result);
            return Refused;
        }

        return SaveAsync(transaction, aor, plan, listenerName, answer: true, cancellationToken);
    }

    /// <summary>
    /// The save step of a REGISTER, under the AOR's gate: decides the change against the current
    /// bindings (Call-ID/CSeq order, expiry limits), makes it durable, applies it to the table and
    /// leases the connections that carry it. A refusal or a failure is answered here; with
    /// <paramref name="answer"/> the 200 listing the current bindings goes out under the gate too
    /// (so two REGISTERs of one AOR cannot answer out of order). True when saved.
    /// </summary>
    private async Task<bool> SaveAsync(ServerTransaction transaction, string aor, RegisterPlan plan, string listenerName, bool answer, CancellationToken cancellationToken)
    {
        var gate = GateFor(aor);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var current = Table.Lookup(aor);
            var result = Decide(transaction, aor, plan, current, listenerName, now, out var change);
            if (result.Status != 0)
            {
                Reply(transaction, result);
                return false;
            }

            if (change is null)
            {
                if (answer)
                {
                    ReplyOk(transaction, current, now);
                }

                return true;
            }

            // The 200 is written before the commit, while the request and the bindings are still
            // in this core's cache; the commit's continuation runs on the store's writer thread,
            // up to a commit interval later, and would fetch them all again. The gate keeps the
            // AOR's bindings as Decide saw them until the 200 is sent.
            var ok = answer ? OkResponse(transaction, LocationTable.After(current, change), now) : null;
            await _store.SaveAsync(change, cancellationToken).ConfigureAwait(false);
            Table.Apply(change);
            LeaseConnections(change);
            if (ok is not null)
            {
                transaction.SendResponse(200, ok);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SaveFailed(_logger, aor, ex);
            Reply(transaction, new Outcome(500, "Server Internal Error (Location Not Saved)"));
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Live, reachable bindings of an AOR, best first: highest q, then most recently refreshed (RFC 3261 §16.6 ordering).</summary>
    public IReadOnlyList<BindingRecord> LiveBindings(string aor)
    {
        var now = _time.GetUtcNow();
        var all = Table.Lookup(aor);
        if (all.IsEmpty)
        {
            return [];
        }

        var live = new List<BindingRecord>(all.Length);
        foreach (var b in all)
        {
            if (!b.IsExpiredAt(now) && IsReachable(b))
            {
                live.Add(b);
            }
        }

        live.Sort(static (a, b) => a.Q != b.Q ? b.Q.CompareTo(a.Q) : b.UpdatedAt.CompareTo(a.UpdatedAt));
        return live;
    }

    /// <summary>Purges expired bindings from memory and the store.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var removed = Table.PurgeExpired(now);
        await _store.PurgeExpiredAsync(now, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private void LeaseConnections(LocationChange change)
    {
        foreach (var op in change.Operations)
        {
            if (op.Binding is { ConnectionId: not 0 } binding)
            {
                // A connection carrying a binding stays open until the binding expires (the
                // field incident: idle timeout shorter than registration expiry).
                _leases.Extend(binding.ConnectionId, binding.ExpiresAt);
                TrackFlow(binding.ConnectionId, binding.Aor);
            }
        }
    }

    /// <summary>The gate that serialises the REGISTERs of one AOR (shared with the AORs that hash alike).</summary>
    private SemaphoreSlim GateFor(string aor)
    {
        var slot = (int)((uint)StringComparer.Ordinal.GetHashCode(aor) % AorGates);
        var gate = Volatile.Read(ref _aorGates[slot]);
        if (gate is not null)
        {
            return gate;
        }

        var created = new SemaphoreSlim(1, 1);
        return Interlocked.CompareExchange(ref _aorGates[slot], created, null) ?? created;
    }

    internal readonly record struct Outcome(int Status, string Reason, int MinExpires = 0);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Saving the bindings of {Aor} failed")]
        public static partial void SaveFailed(ILogger logger, string aor, Exception exception);
    }

    private static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);
}
