using System.Collections.Concurrent;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transactions;

/// <summary>What the transaction layer did with an incoming request.</summary>
public enum RequestDisposition : byte
{
    /// <summary>A new server transaction was created; the transaction user handles the request.</summary>
    New,

    /// <summary>A retransmission: absorbed, or answered with the last response.</summary>
    Retransmission,

    /// <summary>The ACK of a non-2xx final response, absorbed hop by hop (RFC 3261 §17.2.1).</summary>
    AckAbsorbed,

    /// <summary>An ACK matching no transaction (the ACK of a 2xx): the transaction user routes it.</summary>
    StrayAck,
}

/// <summary>
/// The transaction layer (RFC 3261 §17): tables of client and server transactions keyed by
/// branch, matching of requests and responses, and creation of transactions. Timers run on the
/// injected <see cref="TimeProvider"/>. Thread-safe; one layer per server instance.
/// </summary>
public sealed class TransactionLayer : IDisposable
{
    private readonly ConcurrentDictionary<TransactionKey, ServerTransaction> _servers = new();
    private readonly ConcurrentDictionary<TransactionKey, ClientTransaction> _clients = new();
    private readonly CompletedResponses _completed;

    public TransactionLayer(ISipSender sender, TimeProvider time, IOptions<SipTimerOptions> timers, TransactionMetrics metrics)
    {
        Sender = sender;
        Time = time;
        Timers = timers.Value;
        Metrics = metrics;
        Scheduler = new TransactionScheduler(time, Timers.Granularity);
        _completed = new CompletedResponses(this);
        metrics.Observe(this);
    }

    public ISipSender Sender { get; }

    public TimeProvider Time { get; }

    public SipTimerOptions Timers { get; }

    internal TransactionMetrics Metrics { get; }

    internal TransactionScheduler Scheduler { get; }

    /// <summary>Deadlines waiting (current and superseded), for diagnostics.</summary>
    public int PendingTimers => Scheduler.Count;

    /// <summary>Server transactions alive: running, and completed non-INVITE ones kept for Timer J.</summary>
    public int ServerCount => _servers.Count + _completed.Count;

    public int ClientCount => _clients.Count;

    /// <summary>Chunks holding the final responses kept for Timer J, in use and spare (diagnostics).</summary>
    public int KeptResponseChunks => _completed.ChunkCount;

    /// <summary>
    /// Matches a validated request against the server transactions (RFC 3261 §17.2.3) and creates
    /// one for a new request. For a new CANCEL, <paramref name="cancelled"/> is the INVITE server
    /// transaction it cancels, when there is one (§9.2: same branch, method INVITE). A
    /// retransmission of a completed non-INVITE request on UDP is answered here and has no
    /// <paramref name="transaction"/>: only its final response is kept (<see cref="CompletedResponses"/>).
    /// </summary>
    public RequestDisposition ReceiveRequest(SipMessage request, in SipDestination source, out ServerTransaction? transaction, out ServerTransaction? cancelled)
    {
        cancelled = null;
        var key = TransactionKey.ForServer(request, out var keyBytes);
        if (request.Method == SipMethod.Ack)
        {
            transaction = null;
            return _servers.TryGetValue(key, out var invite) && invite.OnAck() ? RequestDisposition.AckAbsorbed : RequestDisposition.StrayAck;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            transaction = existing;
            existing.OnRetransmission();
            return RequestDisposition.Retransmission;
        }

        // Looked at after the running ones: a transaction enters here before it leaves them.
        if (_completed.TryReplay(key))
        {
            transaction = null;
            Metrics.Absorbed();
            return RequestDisposition.Retransmission;
        }

        var created = new ServerTransaction(this, key.Owned(), request, source);
        existing = _servers.GetOrAdd(key, created);
        transaction = existing;
        if (!ReferenceEquals(existing, created))
        {
            existing.OnRetransmission();
            return RequestDisposition.Retransmission;
        }

        Metrics.Created(client: false, request.Method);
        if (request.Method == SipMethod.Cancel)
        {
            _servers.TryGetValue(TransactionKey.ForServerInvite(request), out cancelled);
        }

        return RequestDisposition.New;
    }

    /// <summary>
    /// Starts a client transaction that sends <paramref name="request"/> (already carrying a Via
    /// with <paramref name="branch"/>) to <paramref name="destination"/>.
    /// </summary>
    public ClientTransaction StartClient(
        ReadOnlyMemory<byte> request,
        SipMethod method,
        ReadOnlyMemory<byte> methodToken,
        ReadOnlyMemory<byte> branch,
        in SipDestination destination,
        IClientTransactionOwner owner,
        object? userState = null)
    {
        var key = TransactionKey.ForClient(branch, methodToken).Owned();
        var transaction = new ClientTransaction(this, key, method, request, destination, owner) { UserState = userState };
        if (!_clients.TryAdd(key, transaction))
        {
            throw new InvalidOperationException("a client transaction with this branch already exists");
        }

        Metrics.Created(client: true, method);
        transaction.Start();
        return transaction;
    }

    /// <summary>
    /// Matches a response to its client transaction (RFC 3261 §17.1.3). Returns false when none
    /// matches; a proxy then forwards it statelessly (§16.7).
    /// </summary>
    public bool ReceiveResponse(SipMessage response)
    {
        if (!_clients.TryGetValue(TransactionKey.ForClientResponse(response), out var transaction))
        {
            return false;
        }

        transaction.OnResponse(response);
        return true;
    }

    /// <summary>The INVITE server transaction a CANCEL or ACK refers to, if still alive.</summary>
    public ServerTransaction? FindInviteServer(SipMessage request)
    {
        return _servers.TryGetValue(TransactionKey.ForServerInvite(request), out var transaction) ? transaction : null;
    }

    public void Dispose() => Scheduler.Dispose();

    /// <summary>
    /// A non-INVITE server transaction sent its final response on UDP: from now on only that
    /// response is kept, until Timer J. Added there before it leaves the running ones, so a
    /// retransmission always finds one of them.
    /// </summary>
    internal bool Complete(ServerTransaction transaction, ReadOnlyMemory<byte> finalResponse)
    {
        if (!_completed.Add(transaction.Key, finalResponse, transaction.ResponseDestination))
        {
            return false;
        }

        Remove(transaction);
        return true;
    }

    internal void Remove(ServerTransaction transaction) => _servers.TryRemove(new KeyValuePair<TransactionKey, ServerTransaction>(transaction.Key, transaction));

    internal void Remove(ClientTransaction transaction) => _clients.TryRemove(new KeyValuePair<TransactionKey, ClientTransaction>(transaction.Key, transaction));
}
