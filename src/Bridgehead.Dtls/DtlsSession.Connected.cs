using Org.BouncyCastle.Tls;

namespace Bridgehead.Dtls;

public sealed partial class DtlsSession
{
    // Datagrams processed by one thread-pool work item before it yields to a new one.
    private const int DrainBatch = 16;

    private int _draining;

    /// <summary>
    /// After the handshake the engine still has work when a datagram comes: the side that sent
    /// the last flight must answer a retransmission of the peer's flight with its own again
    /// (RFC 6347 §4.2.4), and close_notify or a fatal alert ends the session. BouncyCastle does
    /// that inside its receive call, so each delivered datagram is run through it on the thread
    /// pool, one work item at a time.
    /// </summary>
    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static session => session.Drain(), this, preferLocal: false);
        }
    }

    private void Drain()
    {
        DtlsTransport? dtls;
        lock (_stateLock)
        {
            dtls = _state == DtlsSessionState.Connected ? _dtls : null;
        }

        if (dtls is null)
        {
            Volatile.Write(ref _draining, 0);
            return;
        }

        var buffer = new byte[_options.ReceiveLimit];
        for (var i = 0; i < DrainBatch && _transport.Pending > 0; i++)
        {
            if (!ReceiveOne(dtls, buffer))
            {
                Volatile.Write(ref _draining, 0);
                return;
            }
        }

        Volatile.Write(ref _draining, 0);
        // A datagram may have been queued after the last look and before the flag was cleared.
        if (_transport.Pending > 0)
        {
            ScheduleDrain();
        }
    }

    /// <returns>False when the session ended.</returns>
    private bool ReceiveOne(DtlsTransport dtls, byte[] buffer)
    {
        try
        {
            // The datagram is queued, so this returns at once; 1 ms only bounds the engine's loop.
            // Application data is not part of DTLS-SRTP; whatever arrives is read and dropped.
            dtls.Receive(buffer, 0, buffer.Length, 1);
            if (!_transport.IsClosed)
            {
                return true;
            }
        }
        catch (TlsFatalAlertReceived received)
        {
            End(DtlsCloseReason.FatalAlertReceived,
                _recorder.FatalAlert ?? new DtlsAlert(DtlsAlertOrigin.Peer, DtlsAlertLevel.Fatal, (DtlsAlertDescription)received.AlertDescription));
            return false;
        }
        catch (TlsFatalAlert raised) when (!_closeRequested)
        {
            // The engine has already sent the alert and closed the transport.
            End(DtlsCloseReason.ProtocolError,
                _recorder.FatalAlert ?? new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, (DtlsAlertDescription)raised.AlertDescription));
            return false;
        }
        catch (IOException) when (_transport.IsClosed)
        {
            // The engine closed the transport (close_notify received and answered) or Close() ran.
        }
        catch (IOException)
        {
            End(DtlsCloseReason.ProtocolError,
                _recorder.FatalAlert ?? new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, DtlsAlertDescription.InternalError));
            return false;
        }

        End(_closeRequested || !_recorder.CloseNotifyReceived ? DtlsCloseReason.ClosedLocally : DtlsCloseReason.CloseNotifyReceived,
            _closeRequested ? null : new DtlsAlert(DtlsAlertOrigin.Peer, DtlsAlertLevel.Warning, DtlsAlertDescription.CloseNotify));
        return false;
    }
}
