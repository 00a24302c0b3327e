using Bridgehead.Dtls.Engine;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridgehead.Dtls;

public sealed partial class DtlsSession
{
    /// <summary>
    /// Runs the handshake on a dedicated thread (BouncyCastle blocks in Accept/Connect) and
    /// returns its outcome; it never throws for anything the peer or the network did.
    /// </summary>
    /// <param name="cancellationToken">Cancelling closes the session; the result is then <see cref="DtlsFailureReason.Cancelled"/>.</param>
    /// <exception cref="InvalidOperationException">When called a second time.</exception>
    public Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateLock)
        {
            if (_handshake is not null)
            {
                throw new InvalidOperationException("the handshake has already been started");
            }

            if (_state == DtlsSessionState.Closed)
            {
                _handshake = Task.FromResult(DtlsHandshakeResult.Failed(DtlsFailureReason.Cancelled, null, "session closed before the handshake started"));
                return _handshake;
            }

            _state = DtlsSessionState.Handshaking;
            _handshake = Task.Factory.StartNew(
                static state =>
                {
                    var (session, token) = ((DtlsSession, CancellationToken))state!;
                    return session.RunHandshake(token);
                },
                (this, cancellationToken),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            return _handshake;
        }
    }

    private DtlsHandshakeResult RunHandshake(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static s => ((DtlsSession)s!).Close(), this);
        DtlsTransport? dtls = null;
        Exception? error = null;
        try
        {
            var crypto = new BcTlsCrypto(DtlsCertificate.CreateSecureRandom(_random));
            var core = new DtlsPeerCore(_parameters, _options, crypto, _recorder);
            AbstractTlsPeer peer = _parameters.Role == DtlsRole.Server ? new SrtpDtlsServer(crypto, core) : new SrtpDtlsClient(crypto, core);
            lock (_stateLock)
            {
                _peer = peer;
            }

            // A Close() that came before _peer was set has closed the transport; the engine's
            // first receive then fails and the result is Cancelled.
            dtls = _parameters.Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept((SrtpDtlsServer)peer, _transport)
                : new DtlsClientProtocol().Connect((SrtpDtlsClient)peer, _transport);
        }
        catch (Exception e)
        {
            // BouncyCastle signals every handshake failure as an IOException (TlsFatalAlert,
            // TlsFatalAlertReceived, TlsTimeoutException). Anything else is a bug, but this thread
            // must still end the session, or Completion would never complete; it becomes InternalError.
            error = e;
        }

        var result = dtls is not null && _recorder.Keys is { } keys && _recorder.PeerFingerprint is { } peerFingerprint
            ? DtlsHandshakeResult.Success(keys, peerFingerprint, _recorder.CipherSuite)
            : Classify(error);

        if (result.Succeeded)
        {
            _filter.HandshakeCompleted(CipherSuites.MinimumCiphertextLength(result.CipherSuite));
        }

        bool connected;
        lock (_stateLock)
        {
            connected = result.Succeeded && !_closeRequested;
            if (connected)
            {
                _dtls = dtls;
                _state = DtlsSessionState.Connected;
            }
        }

        if (!connected)
        {
            if (dtls is not null)
            {
                CloseConnected(dtls);
            }

            if (result.Succeeded)
            {
                result = DtlsHandshakeResult.Failed(DtlsFailureReason.Cancelled, null, "session closed while the handshake completed");
            }

            End(_closeRequested ? DtlsCloseReason.ClosedLocally : DtlsCloseReason.HandshakeFailed, result.Alert);
            return result;
        }

        // Datagrams that arrived while the engine was finishing (a retransmitted flight, an alert).
        if (_transport.Pending > 0)
        {
            ScheduleDrain();
        }

        return result;
    }

    private DtlsHandshakeResult Classify(Exception? error)
    {
        var alert = _recorder.FatalAlert;
        if (_closeRequested)
        {
            return DtlsHandshakeResult.Failed(DtlsFailureReason.Cancelled, alert, "closed locally during the handshake");
        }

        if (_recorder.Reason != DtlsFailureReason.None)
        {
            return DtlsHandshakeResult.Failed(_recorder.Reason, alert, _recorder.Detail);
        }

        return error switch
        {
            TlsTimeoutException => DtlsHandshakeResult.Failed(DtlsFailureReason.TimedOut, alert,
                $"no completed handshake within {_options.HandshakeTimeout.TotalSeconds:0.###} s"),
            TlsFatalAlertReceived received => DtlsHandshakeResult.Failed(DtlsFailureReason.AlertReceived,
                alert ?? new DtlsAlert(DtlsAlertOrigin.Peer, DtlsAlertLevel.Fatal, (DtlsAlertDescription)received.AlertDescription),
                "peer aborted the handshake"),
            _ when _recorder.CloseNotifyReceived => DtlsHandshakeResult.Failed(DtlsFailureReason.ClosedByPeer, alert, "peer sent close_notify during the handshake"),
            TlsFatalAlert raised when raised.AlertDescription != AlertDescription.internal_error => DtlsHandshakeResult.Failed(DtlsFailureReason.ProtocolError,
                alert ?? new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, (DtlsAlertDescription)raised.AlertDescription),
                raised.Message),
            null => DtlsHandshakeResult.Failed(DtlsFailureReason.InternalError, alert, "handshake ended without SRTP keys"),
            _ => DtlsHandshakeResult.Failed(DtlsFailureReason.InternalError, alert, error.InnerException?.Message ?? error.Message),
        };
    }
}
