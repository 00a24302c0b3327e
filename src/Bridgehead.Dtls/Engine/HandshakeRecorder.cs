namespace Bridgehead.Dtls.Engine;

/// <summary>
/// What the engine's callbacks learned: the first failure reason our own checks gave, the alerts
/// that went either way, and the keys. BouncyCastle reports alerts nowhere but these callbacks,
/// and its exceptions do not say which of our checks failed, so the session reads the outcome here.
/// Written from the handshake thread, read after it ends; alerts may also come from a closing thread.
/// </summary>
internal sealed class HandshakeRecorder
{
    private readonly Lock _lock = new();
    private DtlsFailureReason _reason;
    private string? _detail;
    private DtlsAlert? _fatalAlert;
    private bool _closeNotifyReceived;

    public DtlsSrtpKeys? Keys { get; set; }

    public DtlsFingerprint? PeerFingerprint { get; set; }

    public int CipherSuite { get; set; }

    public DtlsFailureReason Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    public string? Detail
    {
        get
        {
            lock (_lock)
            {
                return _detail;
            }
        }
    }

    /// <summary>The first fatal alert sent or received.</summary>
    public DtlsAlert? FatalAlert
    {
        get
        {
            lock (_lock)
            {
                return _fatalAlert;
            }
        }
    }

    public bool CloseNotifyReceived
    {
        get
        {
            lock (_lock)
            {
                return _closeNotifyReceived;
            }
        }
    }

    /// <summary>Records why one of our checks is about to abort the handshake; the first reason wins.</summary>
    public void Fail(DtlsFailureReason reason, string detail)
    {
        lock (_lock)
        {
            if (_reason == DtlsFailureReason.None)
            {
                _reason = reason;
                _detail = detail;
            }
        }
    }

    public void AlertRaised(short level, short description, string? message) =>
        Alert(DtlsAlertOrigin.Local, level, description, message);

    public void AlertReceived(short level, short description) =>
        Alert(DtlsAlertOrigin.Peer, level, description, null);

    private void Alert(DtlsAlertOrigin origin, short level, short description, string? message)
    {
        lock (_lock)
        {
            if (origin == DtlsAlertOrigin.Peer && description == 0)
            {
                _closeNotifyReceived = true;
            }

            if (level == (short)DtlsAlertLevel.Fatal && _fatalAlert is null)
            {
                _fatalAlert = new DtlsAlert(origin, DtlsAlertLevel.Fatal, (DtlsAlertDescription)description);
                _detail ??= message;
            }
        }
    }
}
