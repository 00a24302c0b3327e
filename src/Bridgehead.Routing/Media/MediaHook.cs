using System.Net;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Bridgehead.Routing.Pool;
using Bridgehead.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Media;

/// <summary>
/// The edge's media hooks (rtpengine_manage in a Kamailio script): an ng offer for each SDP offer
/// the edge forwards, an answer for each answer, a delete when the call ends or fails, through
/// <see cref="INgClient"/> only — the in-process relay or an external rtpengine, the edge cannot
/// tell (ARCHITECTURE.md: "ng is the seam"). With Media:Mode off it only fixes the private
/// addresses of switches in SDP.
/// </summary>
public sealed partial class MediaHook
{
    private readonly MediaOptions _options;
    private readonly INgClient? _ng;
    private readonly PoolState? _pool;
    private readonly TimeProvider _time;
    private readonly MediaMetrics _metrics;
    private readonly ILogger<MediaHook> _logger;
    private readonly MediaCommands _commands;
    private readonly MediaCallTable _calls;
    private readonly IPAddress? _publicAddress;

    public MediaHook(IOptions<MediaOptions> options, MediaMetrics metrics, TimeProvider time, ILogger<MediaHook> logger, INgClient? ng = null, PoolState? pool = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _pool = pool;
        _ng = _options.Mode == MediaMode.Off ? null
            : ng ?? throw new InvalidOperationException($"Media:Mode {_options.Mode} needs an ng client (the in-process relay or an external one).");
        _commands = new MediaCommands(_options);
        _calls = new MediaCallTable(_options, time);
        _publicAddress = _options.PublicAddress is { } address ? IPAddress.Parse(address) : null;
        metrics.Observe(() => _calls.Count);
    }

    public MediaMode Mode => _options.Mode;

    /// <summary>Relayed calls remembered now.</summary>
    public int CallCount => _calls.Count;

    /// <summary>Requests that may carry an offer: INVITE (initial or re-INVITE) and UPDATE (RFC 3311).</summary>
    internal bool Engages(SipMessage request) =>
        request.Method is SipMethod.Invite or SipMethod.Update && (Mode != MediaMode.Off || _publicAddress is not null);

    /// <summary>A BYE from either side ends the call at the relay (ng-protocol §5.6).</summary>
    internal void OnBye(SipMessage bye)
    {
        if (Mode == MediaMode.Off || _calls.Find(Text(bye.CallId), Text(bye.From.Tag), Text(bye.To.Tag)) is not { } call)
        {
            return;
        }

        End(call);
    }

    /// <summary>
    /// The exchange ended without a dialog (a final failure, a CANCEL's 487, a failed answer): for
    /// an initial INVITE the relay session goes; a failed re-INVITE leaves the call as it was.
    /// </summary>
    internal void OnFailed(MediaExchange exchange)
    {
        if (exchange.IsInitial && exchange.Call is { } call)
        {
            End(call);
        }
    }

    private void End(MediaCall call)
    {
        if (_calls.Remove(call) && call.Offered)
        {
            _ = DeleteAsync(call);
        }
    }

    private async Task DeleteAsync(MediaCall call)
    {
        var reply = await SendAsync(MediaCommands.Delete(call.CallId, call.CallerTag)).ConfigureAwait(false);
        if (reply is NgErrorReply error)
        {
            Log.DeleteFailed(_logger, call.CallId, error.Reason, error.ClientError);
        }
    }

    /// <summary>One ng command, bounded by Media:CommandTimeout whatever the client does; failures come back as error replies.</summary>
    private async Task<NgReply> SendAsync(NgCommand command)
    {
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _time);
        NgReply reply;
        try
        {
            reply = await _ng!.SendAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            reply = new NgErrorReply("No reply from the media relay") { ClientError = NgClientError.Timeout };
        }

        _metrics.Command(command.Kind, reply, _time.GetElapsedTime(started));
        return reply;
    }

    /// <summary>
    /// What the sender of a request whose offer or answer failed is told: 488 naming the relay's
    /// reason when the relay refused the SDP, 503 when it could not be reached (RFC 3261 §21.5.4:
    /// the caller may try again elsewhere).
    /// </summary>
    private static MediaFailure FailureOf(NgReply reply) => reply is NgErrorReply { ClientError: NgClientError.None } error
        ? new MediaFailure(488, $"Not Acceptable Here (Media Relay: {Phrase(error.Reason)})")
        : new MediaFailure(503, "Service Unavailable (Media Relay Unavailable)");

    /// <summary>A reason phrase from relay text: printable ASCII only, at most 80 characters.</summary>
    private static string Phrase(string reason)
    {
        var builder = new StringBuilder(Math.Min(reason.Length, 80));
        foreach (var c in reason)
        {
            if (builder.Length == 80)
            {
                break;
            }

            builder.Append(c is >= ' ' and < (char)127 and not '(' and not ')' ? c : ' ');
        }

        return builder.ToString().Trim();
    }

    private static string Reason(NgReply reply) => reply is NgErrorReply error ? error.Reason : $"unexpected {reply.GetType().Name}";

    private static NgClientError ClientError(NgReply reply) => reply is NgErrorReply error ? error.ClientError : NgClientError.MalformedReply;

    private bool IsSwitch(IPEndPoint endPoint) => _pool?.Current.IsDestinationAddress(endPoint) ?? false;

    /// <summary>fix_nated_sdp for a body from <paramref name="sender"/>, when it is a pool switch; null when nothing changes.</summary>
    private byte[]? FixNatedSdp(ReadOnlySpan<byte> sdp, IPEndPoint sender)
    {
        if (_publicAddress is null || !IsSwitch(sender) || SdpNatFix.Rewrite(sdp, _publicAddress) is not { } fixedSdp)
        {
            return null;
        }

        _metrics.NatFixed();
        Log.NatFixed(_logger, sender, _publicAddress);
        return fixedSdp;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "ng {Command} for call {CallId} failed: {Reason} ({ClientError}); the sender gets {Status}")]
        public static partial void CommandFailed(ILogger logger, string command, string callId, string reason, NgClientError clientError, int status);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "ng {Command} for call {CallId} towards a {Kind} leg")]
        public static partial void Sent(ILogger logger, string command, string callId, MediaLegKind kind);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "ng delete for call {CallId} failed: {Reason} ({ClientError})")]
        public static partial void DeleteFailed(ILogger logger, string callId, string reason, NgClientError clientError);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Debug, Message = "Private addresses in SDP from switch {Source} replaced by {PublicAddress}")]
        public static partial void NatFixed(ILogger logger, IPEndPoint source, IPAddress publicAddress);
    }
}
