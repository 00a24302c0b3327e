using System.Net;
using Bridgehead.AppNode.Applications;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Sip;
using Bridgehead.Codecs.Dtmf;
using Bridgehead.Rtp;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.AppNode.Calls;

/// <summary>
/// One call of the node: its dialog, its RTP stream and the application that runs on it. RTP
/// arrives on the stream's receive loop, packet times come from the media clock, signalling from
/// the SIP thread; state changes are serialised by a lock and the call ends once.
/// </summary>
public sealed class AppNodeCall : IRtpReceiver, IPacedSender
{
    private readonly ApplicationNode _node;
    private readonly TelephoneEventReceiver _events = new();
    private readonly Lock _lock = new();
    private readonly System.Text.StringBuilder _digits = new();
    private CallState _state;

    internal AppNodeCall(ApplicationNode node, string callId, bool outbound, ICallApplication application, RtpSession? stream, DateTimeOffset started)
    {
        _node = node;
        CallId = callId;
        IsOutbound = outbound;
        Application = application;
        Stream = stream;
        Started = started;
        _state = outbound ? CallState.Calling : CallState.Answered;
    }

    public string CallId { get; }

    public bool IsOutbound { get; }

    public ICallApplication Application { get; }

    /// <summary>The stream; null for an INVITE without SDP until the ACK brings the answer.</summary>
    public RtpSession? Stream { get; internal set; }

    public Dialog? Dialog { get; internal set; }

    public DateTimeOffset Started { get; }

    public CallState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>DTMF digits received as RFC 4733 events, in order.</summary>
    public string Digits
    {
        get
        {
            lock (_digits)
            {
                return _digits.ToString();
            }
        }
    }

    /// <summary>The INVITE server transaction (UAS), which re-sends the 200 until the ACK.</summary>
    internal ServerTransaction? InviteServer { get; set; }

    /// <summary>The 200 the node answered with (UAS) or the ACK it sent (UAC), for retransmission.</summary>
    internal ReadOnlyMemory<byte> FinalMessage { get; set; }

    /// <summary>The INVITE the node sent (UAC): the ACK and CANCEL are built from it.</summary>
    internal Bridgehead.Sip.SipMessage? Invite { get; set; }

    /// <summary>The INVITE client transaction (UAC), until it has its final response.</summary>
    internal ClientTransaction? InviteClient { get; set; }

    internal ITimer? RetransmitTimer { get; set; }

    internal TimeSpan RetransmitInterval { get; set; }

    internal DateTimeOffset RetransmitUntil { get; set; }

    internal ITimer? DurationTimer { get; set; }

    /// <summary>Where the ACK of an originated call's 2xx goes (the first hop of the dialog's route set).</summary>
    internal Bridgehead.Sip.SipDestination? AckDestination { get; set; }

    /// <summary>Cancels an originated call that rings too long.</summary>
    internal ITimer? RingTimer { get; set; }

    internal TaskCompletionSource<OriginateResult>? Originated { get; set; }

    /// <summary>The RTP port of a call whose SDP answer is still to come (late offer: in the ACK).</summary>
    internal IRtpSocket? PendingSocket { get; set; }

    /// <summary>The o= session id of the node's SDP in this call; its version rises with each new description (RFC 3264 §8).</summary>
    internal string? SdpSessionId { get; set; }

    private long _sdpVersion = 1;

    internal long NextSdpVersion() => Interlocked.Increment(ref _sdpVersion);

    /// <summary>Moves to <paramref name="next"/> unless the call has ended; false when it had.</summary>
    internal bool TryMove(CallState expected, CallState next)
    {
        lock (_lock)
        {
            if (_state != expected)
            {
                return false;
            }

            _state = next;
            return true;
        }
    }

    private int _cancelled;

    /// <summary>True the first time only: one CANCEL per INVITE.</summary>
    internal bool TryMarkCancelled() => Interlocked.Exchange(ref _cancelled, 1) == 0;

    /// <summary>Marks the call ended; true only for the first caller.</summary>
    internal bool TryEnd()
    {
        lock (_lock)
        {
            if (_state == CallState.Ended)
            {
                return false;
            }

            _state = CallState.Ended;
            return true;
        }
    }

    public void OnRtp(ReadOnlySpan<byte> packet, IPEndPoint source)
    {
        var stream = Stream;
        if (stream is null || !stream.Receive(packet, source, _node.Time.GetUtcNow().UtcTicks, out var rtp))
        {
            return;
        }

        if (rtp.PayloadType == stream.Media.TelephoneEventPayloadType)
        {
            if (_events.Receive(rtp.Payload, rtp.Timestamp, out var completed) && completed.Digit != '\0')
            {
                lock (_digits)
                {
                    _digits.Append(completed.Digit);
                }

                _node.OnDigit(this, completed.Digit);
            }

            // Echo mirrors events too, so a caller testing DTMF hears them back as the switch would.
            if (Application is EchoApplication)
            {
                stream.Echo(rtp);
            }

            return;
        }

        if (rtp.PayloadType == stream.Media.PayloadType)
        {
            Application.OnPacket(stream, rtp);
        }
    }

    public void OnTick(long tick)
    {
        var stream = Stream;
        if (stream is null || State is CallState.Ended or CallState.Calling)
        {
            return;
        }

        if (!Application.OnTick(stream, tick))
        {
            _node.Hangup(this, "application finished");
            return;
        }

        var timeout = _node.Options.RtpTimeout;
        if (timeout > TimeSpan.Zero && tick % 50 == 0)
        {
            // Checked once a second: the last packet, or the answer when none has come at all.
            var last = stream.LastReceivedTicks;
            var since = _node.Time.GetUtcNow().UtcTicks - (last > 0 ? last : Started.UtcTicks);
            if (since > timeout.Ticks)
            {
                _node.Hangup(this, "RTP timeout");
            }
        }
    }
}
