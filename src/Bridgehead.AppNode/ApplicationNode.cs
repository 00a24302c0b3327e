using System.Collections.Concurrent;
using System.Net;
using Bridgehead.AppNode.Calls;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Registrar;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.AppNode;

/// <summary>
/// The application node: a SIP element of its own, behind the edge as a switch would be. It
/// answers INVITEs to its extensions (echo, playback, tone) with RTP/AVP G.711, keeps dialogs
/// (To tag, Contact, route set from Record-Route, CSeq), accepts REGISTERs forwarded by the
/// edge, and places calls (originate). Messages arrive through <see cref="OnMessage"/> from the
/// node's own listener; everything it sends goes through its own transaction layer.
/// </summary>
public sealed partial class ApplicationNode : IOriginator, IDisposable
{
    private readonly ConcurrentDictionary<DialogKey, AppNodeCall> _dialogs = new();
    private readonly ConcurrentDictionary<string, AppNodeCall> _byCallId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CallSummary> _history = new();
    private readonly IRtpSocketFactory _rtp;
    private readonly MediaClock _clock;
    private readonly SipIdGenerator _ids;
    private readonly AppNodeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lazy<short[]> _recording;
    private LocalContact? _local;
    private IPAddress? _mediaAddress;

    public ApplicationNode(
        TransactionLayer transactions,
        AppNodeRegistrar registrar,
        IRtpSocketFactory rtp,
        MediaClock clock,
        SipIdGenerator ids,
        TimeProvider time,
        IOptions<AppNodeOptions> options,
        AppNodeMetrics metrics,
        ILogger<ApplicationNode> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Transactions = transactions;
        Registrar = registrar;
        _rtp = rtp;
        _clock = clock;
        _ids = ids;
        Time = time;
        Options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _recording = new Lazy<short[]>(LoadPlaybackRecording);
    }

    public TransactionLayer Transactions { get; }

    public AppNodeRegistrar Registrar { get; }

    public TimeProvider Time { get; }

    public AppNodeOptions Options { get; }

    /// <summary>Calls up now (answered or ringing).</summary>
    public int CallCount => _byCallId.Count;

    /// <summary>The node's listener as it goes into Via and Contact; set once the transport has bound it.</summary>
    public LocalContact Local => _local ?? throw new InvalidOperationException("the node's listener is not bound yet");

    /// <summary>Where RTP is bound and what SDP advertises.</summary>
    public IPAddress MediaAddress => _mediaAddress ?? throw new InvalidOperationException("the node's media address is not known yet");

    /// <summary>Called by the host once the listener is bound.</summary>
    public void Bind(LocalContact local, IPAddress mediaAddress)
    {
        _local = local;
        _mediaAddress = mediaAddress;
    }

    /// <summary>The call with this Call-ID, if it is up.</summary>
    public AppNodeCall? FindCall(string callId) => _byCallId.GetValueOrDefault(callId);

    /// <summary>The last hundred calls that ended, oldest first.</summary>
    public IReadOnlyList<CallSummary> RecentCalls => [.. _history];

    /// <summary>Every call up now.</summary>
    public IReadOnlyList<AppNodeCall> Calls => [.. _byCallId.Values];

    /// <summary>Handles one received message (the transport's receive thread: never blocks).</summary>
    public void OnMessage(byte[] data, in SipDestination source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = SipMessage.Parse(data);
        if (result.Message is not { } message)
        {
            Log.Unparsable(_logger, source.EndPoint, result.Error);
            return;
        }

        if (result.Error != SipParseError.None || message.Validate() is not SipParseError.None)
        {
            if (message.IsRequest && message.Method != SipMethod.Ack)
            {
                // RFC 3261 §8.2: a request that cannot be understood is answered 400 where possible.
                Send(source, SipResponses.Simple(message, 400, $"Bad Request ({result.Error})", source.EndPoint));
            }

            return;
        }

        try
        {
            if (message.IsResponse)
            {
                OnResponse(message);
            }
            else
            {
                OnRequest(message, source);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Failed(_logger, source.EndPoint, ex);
        }
    }

    public void Dispose()
    {
        foreach (var call in _byCallId.Values)
        {
            Hangup(call, "node stopping");
        }
    }

    private void OnResponse(SipMessage response)
    {
        if (Transactions.ReceiveResponse(response))
        {
            return;
        }

        // A 2xx retransmitted after its INVITE transaction ended: the ACK is sent again (RFC 3261 §13.2.2.4).
        if (response.CSeq.Method == SipMethod.Invite && response.StatusCode is >= 200 and < 300
            && FindCall(SipText.ToText(response.CallId.Span)) is { IsOutbound: true, FinalMessage.IsEmpty: false } call)
        {
            ResendAck(call);
        }
    }

    private void OnRequest(SipMessage request, in SipDestination source)
    {
        var disposition = Transactions.ReceiveRequest(request, source, out var transaction, out var cancelled);
        switch (disposition)
        {
            case RequestDisposition.Retransmission or RequestDisposition.AckAbsorbed:
                return;
            case RequestDisposition.StrayAck:
                OnAck(request);
                return;
        }

        var server = transaction!;
        switch (request.Method)
        {
            case SipMethod.Invite when request.To.HasTag:
                OnReInvite(server);
                break;
            case SipMethod.Invite:
                OnInvite(server);
                break;
            case SipMethod.Bye:
                OnBye(server);
                break;
            case SipMethod.Cancel:
                OnCancel(server, cancelled);
                break;
            case SipMethod.Options:
                Respond(server, 200, "OK", accept: true);
                break;
            case SipMethod.Register:
                var response = Registrar.Register(request, server.Source, Time.GetUtcNow());
                var status = SipMessage.Parse(response).Message?.StatusCode ?? 500;
                _metrics.Registered(status);
                Log.Registered(_logger, request.To.Uri.UserText, status, server.Source.EndPoint);
                server.SendResponse(status, response);
                break;
            case SipMethod.Info or SipMethod.Update or SipMethod.Notify when request.To.HasTag:
                // In-dialog requests the node has nothing to do with: accepted if the dialog exists.
                Respond(server, FindDialog(request) is null ? 481 : 200, FindDialog(request) is null ? "Call/Transaction Does Not Exist" : "OK");
                break;
            default:
                Respond(server, 405, "Method Not Allowed", allow: true);
                break;
        }
    }

    /// <summary>A response with no body: status line, copied headers, Allow/Accept when asked, Server.</summary>
    private void Respond(ServerTransaction server, int status, string reason, bool allow = false, bool accept = false, string? toTag = null)
    {
        var request = server.Request;
        using var writer = SipResponses.Start(request, status, reason, server.Source.EndPoint, toTag is null ? default : System.Text.Encoding.ASCII.GetBytes(toTag));
        if (allow || accept)
        {
            writer.WriteHeader(HeaderId.Allow, RequestWriter.Allow);
        }

        if (accept)
        {
            writer.WriteHeader(HeaderId.Accept, "application/sdp");
            writer.WriteHeader(HeaderId.Supported, "path");
        }

        writer.WriteHeader(HeaderId.Server, Options.UserAgent);
        writer.WriteBody(default);
        server.SendResponse(status, writer.ToArray());
    }

    private AppNodeCall? FindDialog(SipMessage request)
    {
        var key = new DialogKey(SipText.ToText(request.CallId.Span), SipText.ToText(request.To.Tag.Span), SipText.ToText(request.From.Tag.Span));
        return _dialogs.GetValueOrDefault(key);
    }

    private void Send(in SipDestination destination, byte[] message) => Transactions.Sender.Send(destination, message);

    private short[] LoadPlaybackRecording()
    {
        if (Applications.Recording.TryLoad(Options.PlaybackFile, out var samples) is var error && error != Applications.RecordingError.None)
        {
            Log.RecordingUnavailable(_logger, Options.PlaybackFile ?? Applications.Recording.BundledName, error);
            return Applications.Recording.Bundled();
        }

        return samples!;
    }

    internal void OnDigit(AppNodeCall call, char digit) => Log.Digit(_logger, call.CallId, digit);
}
