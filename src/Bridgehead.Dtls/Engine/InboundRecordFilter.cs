namespace Bridgehead.Dtls.Engine;

/// <summary>
/// Sits between <see cref="DtlsSession.DeliverDatagram"/> and the engine's queue and covers two
/// places where BouncyCastle 2.7 turns an ordinary network event into a dead session.
/// <list type="number">
/// <item>As server, BouncyCastle switches its read epoch the moment the client's ChangeCipherSpec
/// arrives and then drops every epoch-0 record. If the client's CertificateVerify (epoch 0) was
/// lost or overtaken, its retransmission is dropped too and the handshake can only time out. So
/// the client's ChangeCipherSpec, and whatever follows it, is held back until the whole
/// CertificateVerify has gone in (RFC 6347 §4.1 lets a receiver buffer records of a later epoch).
/// Waiting for it is right because the server always asks for a certificate and rejects an empty
/// one, so a valid client flight always carries CertificateVerify.</item>
/// <item>After the handshake a protected record too short for the AEAD nonce and tag makes
/// BouncyCastle raise a fatal decode_error and close the session, where RFC 6347 §4.1.2.7 says
/// invalid records are silently discarded; such datagrams are dropped here.</item>
/// </list>
/// Datagrams are otherwise passed on whole; held records are passed on one per datagram.
/// </summary>
internal sealed class InboundRecordFilter
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const byte ChangeCipherSpec = 20;
    private const byte Handshake = 22;
    private const byte CertificateVerify = 15;
    private const int MaxHeldRecords = 16;

    private readonly PushedDatagramTransport _transport;
    private readonly Lock _lock = new();
    private bool _gateOpen;
    private List<byte[]>? _held;
    private bool[]? _certificateVerifyCoverage;
    private int _minimumCiphertextLength;

    public InboundRecordFilter(PushedDatagramTransport transport, bool holdChangeCipherSpec)
    {
        _transport = transport;
        _gateOpen = !holdChangeCipherSpec;
    }

    /// <summary>Passes a datagram (or the parts that may go now) to the engine; false when all of it was dropped.</summary>
    public bool Deliver(ReadOnlySpan<byte> datagram)
    {
        lock (_lock)
        {
            if (_gateOpen)
            {
                if (_minimumCiphertextLength > 0 && HasShortProtectedRecord(datagram, _minimumCiphertextLength))
                {
                    _transport.CountDropped();
                    return false;
                }

                return _transport.Enqueue(datagram);
            }

            return DeliverThroughGate(datagram);
        }
    }

    /// <summary>The handshake is over: nothing is held any more; short protected records are dropped from now on.</summary>
    public void HandshakeCompleted(int minimumCiphertextLength)
    {
        lock (_lock)
        {
            OpenGate();
            _minimumCiphertextLength = minimumCiphertextLength;
        }
    }

    private bool DeliverThroughGate(ReadOnlySpan<byte> datagram)
    {
        var accepted = false;
        var runStart = 0;
        var offset = 0;
        while (offset + RecordHeaderLength <= datagram.Length)
        {
            var type = datagram[offset];
            var epoch = (datagram[offset + 3] << 8) | datagram[offset + 4];
            var end = offset + RecordHeaderLength + ((datagram[offset + 11] << 8) | datagram[offset + 12]);
            if (end > datagram.Length)
            {
                break; // malformed tail: pass it on with the run, the engine discards it
            }

            var record = datagram[offset..end];
            var isEpoch0Handshake = type == Handshake && epoch == 0;
            if (!_gateOpen && _held is null && type == ChangeCipherSpec && epoch == 0)
            {
                // The client's ChangeCipherSpec came before its CertificateVerify was complete.
                accepted |= Flush(datagram[runStart..offset]);
                _held = [record.ToArray()];
                runStart = end;
            }
            else if (_held is not null && !isEpoch0Handshake)
            {
                accepted |= Flush(datagram[runStart..offset]);
                if (_held.Count < MaxHeldRecords)
                {
                    _held.Add(record.ToArray());
                    accepted = true;
                }
                else
                {
                    _transport.CountDropped();
                }

                runStart = end;
            }
            else if (!_gateOpen && isEpoch0Handshake && TrackCertificateVerify(record[RecordHeaderLength..]))
            {
                if (_held is null)
                {
                    // The usual case, the whole flight in order: the datagram goes on whole.
                    _gateOpen = true;
                }
                else
                {
                    // Everything up to here goes in first, then what was held, then the rest.
                    accepted |= Flush(datagram[runStart..end]);
                    OpenGate();
                    runStart = end;
                }
            }

            offset = end;
        }

        return Flush(datagram[runStart..]) | accepted;
    }

    private bool Flush(ReadOnlySpan<byte> run) => !run.IsEmpty && _transport.Enqueue(run);

    private void OpenGate()
    {
        _gateOpen = true;
        if (_held is { } held)
        {
            _held = null;
            foreach (var record in held)
            {
                _transport.Enqueue(record);
            }
        }
    }

    /// <summary>Notes the CertificateVerify fragments (RFC 6347 §4.2.3) of an epoch-0 handshake record; true once it is complete.</summary>
    private bool TrackCertificateVerify(ReadOnlySpan<byte> body)
    {
        while (body.Length >= HandshakeHeaderLength)
        {
            var type = body[0];
            var length = (body[1] << 16) | (body[2] << 8) | body[3];
            var fragmentOffset = (body[6] << 16) | (body[7] << 8) | body[8];
            var fragmentLength = (body[9] << 16) | (body[10] << 8) | body[11];
            if (fragmentOffset + fragmentLength > length || HandshakeHeaderLength + fragmentLength > body.Length)
            {
                return false;
            }

            if (type == CertificateVerify && length > 0)
            {
                if (_certificateVerifyCoverage is null || _certificateVerifyCoverage.Length != length)
                {
                    _certificateVerifyCoverage = new bool[length];
                }

                _certificateVerifyCoverage.AsSpan(fragmentOffset, fragmentLength).Fill(true);
                if (!_certificateVerifyCoverage.AsSpan().Contains(false))
                {
                    return true;
                }
            }

            body = body[(HandshakeHeaderLength + fragmentLength)..];
        }

        return false;
    }

    private static bool HasShortProtectedRecord(ReadOnlySpan<byte> datagram, int minimumCiphertextLength)
    {
        var offset = 0;
        while (offset + RecordHeaderLength <= datagram.Length)
        {
            var epoch = (datagram[offset + 3] << 8) | datagram[offset + 4];
            var length = (datagram[offset + 11] << 8) | datagram[offset + 12];
            if (epoch != 0 && length < minimumCiphertextLength)
            {
                return true;
            }

            offset += RecordHeaderLength + length;
        }

        return false;
    }
}
