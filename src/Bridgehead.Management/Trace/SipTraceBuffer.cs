using System.Net;
using System.Text;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;

namespace Bridgehead.Management.Trace;

/// <summary>
/// SIP trace capture: the last <see cref="SipTraceOptions.Capacity"/> messages the edge received
/// and sent, copied at the transport adapter into a ring of reused buffers and looked up by
/// Call-ID for the dashboard's ladder (what the seed did with sngrep on the proxy host). Capture
/// costs a copy and a Call-ID scan under a short lock, and allocates nothing once every slot has
/// grown to the size of the messages it holds.
/// </summary>
public sealed class SipTraceBuffer
{
    private readonly Slot[] _slots;
    private readonly int _maxBytes;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _next;

    public SipTraceBuffer(IOptions<SipTraceOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _slots = new Slot[Math.Max(0, o.Capacity)];
        _maxBytes = o.MaxMessageBytes;
        _time = time;
    }

    /// <summary>How many messages it keeps at most; 0 when capture is off.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Messages captured since start (older ones have been overwritten past <see cref="Capacity"/>).</summary>
    public long Captured
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>Copies one message as it passes the transport.</summary>
    public void Capture(SipTraceDirection direction, SipTransportKind transport, IPEndPoint remote, ReadOnlySpan<byte> message)
    {
        if (_slots.Length == 0 || message.IsEmpty)
        {
            return;
        }

        var kept = message[..Math.Min(message.Length, _maxBytes)];
        var hasCallId = SipTraceScanner.TryFindCallId(kept, out var callIdStart, out var callIdLength);
        var ticks = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            ref var slot = ref _slots[(int)(_next % _slots.Length)];
            if (slot.Data is null || slot.Data.Length < kept.Length)
            {
                slot.Data = new byte[Math.Max(kept.Length, 1024)];
            }

            kept.CopyTo(slot.Data);
            slot.Length = kept.Length;
            slot.OriginalLength = message.Length;
            slot.Sequence = _next;
            slot.Ticks = ticks;
            slot.Direction = direction;
            slot.Transport = transport;
            slot.Remote = remote;
            slot.CallIdStart = hasCallId ? callIdStart : -1;
            slot.CallIdLength = callIdLength;
            _next++;
        }
    }

    /// <summary>The kept messages of one call, oldest first.</summary>
    public IReadOnlyList<SipTraceEntry> ForCall(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var wanted = Encoding.UTF8.GetBytes(callId);
        return Collect(wanted, 0);
    }

    /// <summary>The kept messages captured at or after <paramref name="fromSequence"/>, oldest first.</summary>
    public IReadOnlyList<SipTraceEntry> Since(long fromSequence) => Collect(null, fromSequence);

    private List<SipTraceEntry> Collect(byte[]? callId, long fromSequence)
    {
        var result = new List<SipTraceEntry>();
        lock (_lock)
        {
            var oldest = Math.Max(Math.Max(0, _next - _slots.Length), fromSequence);
            for (var sequence = oldest; sequence < _next; sequence++)
            {
                ref readonly var slot = ref _slots[(int)(sequence % _slots.Length)];
                var data = slot.Data.AsSpan(0, slot.Length);
                var slotCallId = slot.CallIdStart >= 0 ? data.Slice(slot.CallIdStart, slot.CallIdLength) : default;
                if (callId is not null && (slot.CallIdStart < 0 || !slotCallId.SequenceEqual(callId)))
                {
                    continue;
                }

                result.Add(new SipTraceEntry(
                    slot.Sequence,
                    new DateTimeOffset(slot.Ticks, TimeSpan.Zero),
                    slot.Direction == SipTraceDirection.In ? "in" : "out",
                    slot.Transport.Scheme(),
                    slot.Remote.ToString(),
                    SipText.ToText(SipTraceScanner.FirstLine(data)),
                    slot.CallIdStart >= 0 ? SipText.ToText(slotCallId) : null,
                    SipText.ToText(data),
                    slot.OriginalLength > slot.Length));
            }
        }

        return result;
    }

    private struct Slot
    {
        public byte[]? Data;
        public int Length;
        public int OriginalLength;
        public long Sequence;
        public long Ticks;
        public SipTraceDirection Direction;
        public SipTransportKind Transport;
        public IPEndPoint Remote;
        public int CallIdStart;
        public int CallIdLength;
    }
}
