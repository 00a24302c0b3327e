using Bridgehead.Dtls;

namespace Bridgehead.Tests.Dtls;

/// <summary>What a fake link does with one datagram.</summary>
internal enum LinkVerdict
{
    Deliver,
    Drop,
    Duplicate,

    /// <summary>Hold it back and deliver it right after the next datagram (a swap).</summary>
    Reorder,
}

/// <summary>
/// One direction of an in-memory datagram path between two sessions. A policy looks at each
/// datagram (with its index in this direction) and drops, duplicates or reorders it, so loss and
/// reordering are reproducible without sockets.
/// </summary>
internal sealed class LossyDatagramLink : IDtlsDatagramSender
{
    private readonly Func<int, byte[], LinkVerdict> _policy;
    private readonly Lock _lock = new();
    private readonly List<byte[]> _sent = [];
    private byte[]? _held;

    public LossyDatagramLink(Func<int, byte[], LinkVerdict>? policy = null)
    {
        _policy = policy ?? ((_, _) => LinkVerdict.Deliver);
    }

    /// <summary>The session at the far end; null drops everything (a silent peer).</summary>
    public DtlsSession? Target { get; set; }

    /// <summary>Every datagram offered to the link, delivered or not.</summary>
    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        lock (_lock)
        {
            var verdict = _policy(_sent.Count, copy);
            _sent.Add(copy);
            switch (verdict)
            {
                case LinkVerdict.Drop:
                    return;
                case LinkVerdict.Reorder when _held is null:
                    _held = copy;
                    return;
                case LinkVerdict.Duplicate:
                    Target?.DeliverDatagram(copy);
                    Target?.DeliverDatagram(copy);
                    break;
                default:
                    Target?.DeliverDatagram(copy);
                    break;
            }

            if (_held is { } held)
            {
                _held = null;
                Target?.DeliverDatagram(held);
            }
        }
    }

    /// <summary>DTLS record content type of a datagram's first record (20 CCS, 21 alert, 22 handshake, 23 data).</summary>
    public static byte ContentType(byte[] datagram) => datagram[0];

    /// <summary>Epoch of a datagram's first record (RFC 6347 §4.1).</summary>
    public static int Epoch(byte[] datagram) => (datagram[3] << 8) | datagram[4];
}
