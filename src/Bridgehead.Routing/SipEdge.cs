using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing;

/// <summary>
/// The edge's SIP core: every message from every transport enters here. Requests are parsed,
/// validated (a 400 naming the fault otherwise), matched to transactions, then answered locally,
/// registered, or proxied statefully; responses are matched to client transactions or forwarded
/// statelessly (RFC 3261 §16.7, §16.11).
/// </summary>
public sealed partial class SipEdge
{
    private readonly ILogger<SipEdge> _logger;
    private readonly BranchGenerator _branches;

    public SipEdge(
        TransactionLayer transactions,
        ISipSender sender,
        LocalAddresses local,
        Registrar.Registrar registrar,
        DigestAuthenticator authenticator,
        NextHop nextHop,
        IOptions<ProxyOptions> proxyOptions,
        TimeProvider time,
        EdgeMetrics metrics,
        ILogger<SipEdge> logger,
        Pool.PoolRouter? pool = null,
        Media.MediaHook? media = null)
    {
        Transactions = transactions;
        Sender = sender;
        Local = local;
        Registrar = registrar;
        Authenticator = authenticator;
        NextHop = nextHop;
        ProxyOptions = proxyOptions.Value;
        Time = time;
        Metrics = metrics;
        Pool = pool;
        Media = media;
        _logger = logger;
        _branches = new BranchGenerator((uint)Random.Shared.Next());
        if (!string.IsNullOrWhiteSpace(ProxyOptions.DefaultRoute))
        {
            DefaultRoute = SipUri.Parse(ProxyOptions.DefaultRoute);
        }
    }

    internal TransactionLayer Transactions { get; }

    internal ISipSender Sender { get; }

    internal LocalAddresses Local { get; }

    internal Registrar.Registrar Registrar { get; }

    internal DigestAuthenticator Authenticator { get; }

    internal NextHop NextHop { get; }

    internal ProxyOptions ProxyOptions { get; }

    internal TimeProvider Time { get; }

    internal EdgeMetrics Metrics { get; }

    internal SipUri? DefaultRoute { get; }

    /// <summary>Most header lines accepted in one message.</summary>
    public int MaxHeaders { get; init; } = SipMessage.DefaultMaxHeaders;

    /// <summary>
    /// Entry point for one message from a transport: a whole datagram, or one message framed off
    /// a stream. Called on the transport's thread; never throws for bad input.
    /// </summary>
    public void OnMessage(ReadOnlyMemory<byte> data, in SipDestination source)
    {
        var result = SipMessage.Parse(data, MaxHeaders);
        var message = result.Message;
        if (message is null)
        {
            Metrics.Dropped(result.Error);
            Log.Dropped(_logger, source, result.Error);
            return;
        }

        if (message.IsResponse)
        {
            var error = result.Error != SipParseError.None ? result.Error : message.Validate();
            if (error != SipParseError.None)
            {
                // A malformed response cannot be answered: one log line, then it is gone.
                Metrics.Dropped(error);
                Log.Dropped(_logger, source, error);
                return;
            }

            Metrics.Received(message);
            Observer?.OnReceived(message, source);
            OnResponse(message, source);
            return;
        }

        var requestError = result.Error != SipParseError.None ? result.Error : message.Validate();
        if (requestError != SipParseError.None)
        {
            RejectMalformed(message, requestError, source);
            return;
        }

        Metrics.Received(message);
        try
        {
            Observer?.OnReceived(message, source);
            OnRequest(message, source);
        }
        catch (Exception ex)
        {
            // A bug must not take the transport loop down with it.
            Log.Failed(_logger, source, ex);
        }
    }

    /// <summary>Answers a malformed request statelessly with 400 (or 505) naming the fault.</summary>
    private void RejectMalformed(SipMessage request, SipParseError error, in SipDestination source)
    {
        Metrics.Rejected(error);
        Log.Rejected(_logger, source, error);
        if (request.Method == SipMethod.Ack || !request.Has(HeaderId.Via))
        {
            return;
        }

        var response = SipResponses.Simple(request, error.StatusCode(), error.ReasonPhrase(), source.EndPoint);
        Sender.Send(source, response);
    }

    internal static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Dropped a message from {Source}: {Reason}")]
        public static partial void Dropped(ILogger logger, SipDestination source, SipParseError reason);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Rejected a request from {Source}: {Reason}")]
        public static partial void Rejected(ILogger logger, SipDestination source, SipParseError reason);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Handling a request from {Source} failed")]
        public static partial void Failed(ILogger logger, SipDestination source, Exception exception);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "No route for {RequestUri}: {Status}")]
        public static partial void NoRoute(ILogger logger, SipUri requestUri, int status);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "No listener can send {Transport} to {Destination}")]
        public static partial void NoListener(ILogger logger, SipTransportKind transport, SipDestination destination);
    }
}
