using Bridgehead.Routing.Media;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing;

// Where the proxy meets the media hook. The ng round trip is asynchronous (an external rtpengine
// answers over UDP), so a request or response waiting for it leaves the transport thread and is
// sent on when the reply arrives; an in-process relay answers at once and nothing changes thread.
public sealed partial class SipEdge
{
    /// <summary>The media hook, when the host composed one (null: SDP passes untouched).</summary>
    internal MediaHook? Media { get; }

    /// <summary>Starts the response context of a forwarded request, with its media exchange if any.</summary>
    private void StartProxy(ServerTransaction transaction, ForwardPlan plan, List<IReadOnlyList<ForwardingTarget>> groups, IFailoverTargets? failover, MediaExchange? media)
    {
        var context = new ProxyContext(this, transaction, plan, groups, failover) { Media = media };
        transaction.UserState = context;
        context.Start();
    }

    /// <summary>The offer goes to the relay first; the branches start with its rewritten SDP, or the caller gets 488/503.</summary>
    private async Task ForwardWithMediaAsync(ServerTransaction transaction, ForwardPlan plan, List<IReadOnlyList<ForwardingTarget>> groups, IFailoverTargets? failover)
    {
        try
        {
            var outcome = await Media!.OfferAsync(transaction.Request, transaction.Source, groups, failover is not null).ConfigureAwait(false);
            if (outcome.Failure is { } failure)
            {
                if (!transaction.HasFinalResponse)
                {
                    RespondLocally(transaction, failure.Status, failure.Reason);
                }

                return;
            }

            if (transaction.HasFinalResponse)
            {
                // Cancelled (487) while the relay was answering: nobody will use the session.
                if (outcome.Exchange is { } abandoned)
                {
                    Media.OnFailed(abandoned);
                }

                return;
            }

            StartProxy(transaction, plan, groups, failover, outcome.Exchange);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, transaction.Source, ex);
            if (!transaction.HasFinalResponse)
            {
                RespondLocally(transaction, 500, "Server Internal Error");
            }
        }
    }

    /// <summary>
    /// A response of a branch with a media exchange: answers (and late offers) go through the relay
    /// in arrival order; a 2xx whose answer failed turns into 488/503 for the caller.
    /// </summary>
    private void ForwardResponseWithMedia(ServerTransaction server, SipMessage response, ProxyBranch branch, MediaExchange exchange)
    {
        _ = exchange.Queue.Enqueue(async () =>
        {
            try
            {
                var outcome = await Media!.ResponseAsync(exchange, response, branch.Target.Destination).ConfigureAwait(false);
                switch (outcome.Action)
                {
                    case ResponseAction.Forward:
                        SendResponseUpstream(server, response, branch, outcome.Body);
                        break;
                    case ResponseAction.Fail when !server.HasFinalResponse:
                        RespondLocally(server, outcome.Failure!.Value.Status, outcome.Failure.Value.Reason);
                        Media.OnFailed(exchange);
                        break;
                }
            }
            catch (Exception ex)
            {
                Log.Failed(_logger, branch.Target.Destination, ex);
            }
        });
    }

    /// <summary>The proxied request ended with a final failure (including a CANCEL's 487): the relay session of an initial INVITE goes.</summary>
    internal void OnProxyFailed(ProxyContext context)
    {
        if (context.Media is { } exchange)
        {
            Media?.OnFailed(exchange);
        }
    }

    /// <summary>The ACK of a 2xx carries the answer to a late offer: rewritten by the relay, or null to leave it.</summary>
    private Task<byte[]?> AckBodyAsync(SipMessage ack) => Media is null ? Task.FromResult<byte[]?>(null) : Media.AckBodyAsync(ack);
}
