using System.Security.Cryptography;
using Bridgehead.Dtls.Engine;
using Org.BouncyCastle.Tls;

namespace Bridgehead.Dtls;

/// <summary>
/// One DTLS-SRTP association over a datagram path the caller owns. The media relay pushes each
/// DTLS datagram of the leg in with <see cref="DeliverDatagram"/> (after demultiplexing by first
/// byte, RFC 7983) and receives outgoing datagrams through its <see cref="IDtlsDatagramSender"/>.
/// <see cref="HandshakeAsync"/> runs BouncyCastle's blocking handshake on a thread of its own and
/// yields the SRTP keys or a reason. Afterwards the session keeps feeding datagrams to the engine
/// so that a retransmitted final flight is answered and close_notify or a fatal alert ends it
/// (<see cref="Completion"/>); that work runs briefly on the thread pool, not on a parked thread.
/// </summary>
public sealed partial class DtlsSession : IDisposable
{
    private readonly DtlsSessionParameters _parameters;
    private readonly DtlsOptions _options;
    private readonly RandomNumberGenerator? _random;
    private readonly PushedDatagramTransport _transport;
    private readonly InboundRecordFilter _filter;
    private readonly HandshakeRecorder _recorder = new();
    private readonly TaskCompletionSource<DtlsSessionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stateLock = new();
    private DtlsSessionState _state = DtlsSessionState.New;
    private Task<DtlsHandshakeResult>? _handshake;
    private AbstractTlsPeer? _peer;
    private DtlsTransport? _dtls;
    private volatile bool _closeRequested;

    /// <summary>Creates a session; nothing is sent until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="parameters">Role, local certificate and the peer's SDP fingerprints.</param>
    /// <param name="options">Limits and SRTP profile preference; validated here.</param>
    /// <param name="sender">Sends datagrams to the peer.</param>
    /// <param name="random">Randomness for the handshake; the system generator when <see langword="null"/>.</param>
    public DtlsSession(DtlsSessionParameters parameters, DtlsOptions options, IDtlsDatagramSender sender, RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(parameters.Certificate);
        if (parameters.RemoteFingerprints is null || parameters.RemoteFingerprints.Count == 0)
        {
            throw new ArgumentException("the peer's SDP fingerprint is required (RFC 5763 §5)", nameof(parameters));
        }

        options.Validate();
        _parameters = parameters;
        _options = options;
        _random = random;
        _transport = new PushedDatagramTransport(sender, options.ReceiveLimit, options.SendLimit, options.InboundQueueCapacity);
        _filter = new InboundRecordFilter(_transport, holdChangeCipherSpec: parameters.Role == DtlsRole.Server);
    }

    /// <summary>Client or server.</summary>
    public DtlsRole Role => _parameters.Role;

    /// <summary>Where the session is in its life.</summary>
    public DtlsSessionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when the session ends: handshake failure, close either way, or a fatal alert.</summary>
    public Task<DtlsSessionEnd> Completion => _end.Task;

    /// <summary>Datagrams refused by <see cref="DeliverDatagram"/>: queue full, too long, or the session closed.</summary>
    public long DroppedDatagrams => _transport.Dropped;

    /// <summary>
    /// Hands one received DTLS datagram (first byte 20–63) to the session. It is copied, so the
    /// caller may reuse its buffer. Never blocks.
    /// </summary>
    /// <returns>False when it was dropped (queue full, longer than the receive limit, or closed).</returns>
    public bool DeliverDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!_filter.Deliver(datagram))
        {
            return false;
        }

        if (State == DtlsSessionState.Connected)
        {
            ScheduleDrain();
        }

        return true;
    }

    /// <summary>
    /// Ends the session: sends close_notify when connected, cancels a running handshake
    /// (user_canceled then close_notify, as BouncyCastle does), and stops accepting datagrams.
    /// </summary>
    public void Close()
    {
        _closeRequested = true;
        DtlsSessionState state;
        AbstractTlsPeer? peer;
        DtlsTransport? dtls;
        lock (_stateLock)
        {
            state = _state;
            peer = _peer;
            dtls = _dtls;
            if (state is DtlsSessionState.New or DtlsSessionState.Connected)
            {
                _state = DtlsSessionState.Closed;
            }
        }

        switch (state)
        {
            case DtlsSessionState.New:
                _transport.Close();
                _end.TrySetResult(new DtlsSessionEnd(DtlsCloseReason.ClosedLocally, null));
                break;
            case DtlsSessionState.Handshaking:
                // The handshake thread sees the closed record layer (or transport) and ends with Cancelled.
                peer?.Cancel();
                _transport.Close();
                break;
            case DtlsSessionState.Connected:
                CloseConnected(dtls!);
                _end.TrySetResult(new DtlsSessionEnd(DtlsCloseReason.ClosedLocally, null));
                break;
            case DtlsSessionState.Closed:
            default:
                break;
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private void CloseConnected(DtlsTransport dtls)
    {
        try
        {
            // Sends close_notify (RFC 5246 §7.2.1) and closes our transport.
            dtls.Close();
        }
        catch (IOException)
        {
            // The sender failed while saying goodbye; the session is over either way.
        }
        finally
        {
            _transport.Close();
        }
    }

    private void End(DtlsCloseReason reason, DtlsAlert? alert)
    {
        lock (_stateLock)
        {
            _state = DtlsSessionState.Closed;
        }

        _transport.Close();
        _end.TrySetResult(new DtlsSessionEnd(reason, alert));
    }
}
