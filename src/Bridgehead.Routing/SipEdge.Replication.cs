using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    /// <summary>
    /// Replicate mode: a REGISTER the edge accepted goes on to a switch as well (OpenSIPS's save()
    /// then t_replicate()), without the user's credentials for the edge's realm. The user already
    /// has the edge's answer; the switch's is only heard (passive health, a log line).
    /// </summary>
    private async Task ReplicateAsync(SipMessage request, SipDestination source, RouteSet routes)
    {
        try
        {
            if (await RegistrarTargetsAsync(request).ConfigureAwait(false) is not { } targets)
            {
                Log.NoReplicaTarget(_logger, request.To.Uri);
                return;
            }

            var fixedTargets = targets.Groups.SelectMany(g => g).ToList();
            new RegisterReplica(this, request, source, routes, fixedTargets, targets.Failover).SendNext();
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, source, ex);
        }
    }

    /// <summary>Sends one copy of a replicated REGISTER on a client transaction of its own; false when no listener can reach the switch.</summary>
    private bool SendReplica(RegisterReplica replica, ForwardingTarget target)
    {
        var request = replica.Request;
        var destination = target.Destination;
        var inbound = Local.Listener(replica.Source.ListenerId) ?? Local.Listeners[0];
        var outbound = Local.ChooseListener(destination.Transport, destination.EndPoint.AddressFamily, destination.ListenerId >= 0 ? destination.ListenerId : inbound.Id);
        if (outbound is null)
        {
            Log.NoListener(_logger, destination.Transport, destination);
            return false;
        }

        var credentials = new List<int>();
        for (var i = request.IndexOf(HeaderId.Authorization); i >= 0; i = request.IndexOf(HeaderId.Authorization, i + 1))
        {
            credentials.Add(i);
        }

        var plan = new ForwardPlan
        {
            Inbound = inbound,
            Outbound = outbound,
            Source = replica.Source.EndPoint,
            RemoveRoutes = replica.Routes.Consumed,
            RemoveHeaders = credentials,
        };
        plan = RelayedRegister(plan, request, replica.Source, destination);

        Span<byte> branchBuffer = stackalloc byte[BranchGenerator.MaxLength];
        var length = _branches.Write(branchBuffer, BranchGenerator.LoopHash(request));
        var branch = branchBuffer[..length].ToArray();
        var bytes = RequestForwarder.Build(request, plan, branch, ProxyOptions.DefaultMaxForwards);
        Metrics.Forwarded(SipMethod.Register);
        Transactions.StartClient(bytes, SipMethod.Register, request.CSeq.MethodToken, branch, destination with { ListenerId = outbound.Id }, replica);
        return true;
    }

    /// <summary>One replicated REGISTER: its switches in turn until one answers with anything but 408 or 5xx.</summary>
    private sealed class RegisterReplica(
        SipEdge edge,
        SipMessage request,
        SipDestination source,
        RouteSet routes,
        List<ForwardingTarget> fixedTargets,
        IFailoverTargets? failover) : IClientTransactionOwner
    {
        private readonly Lock _gate = new();
        private int _nextFixed;
        private ForwardingTarget? _current;

        public SipMessage Request => request;

        public SipDestination Source => source;

        public RouteSet Routes => routes;

        public void SendNext()
        {
            // Bounded: each target is taken once, fixed ones by index and the pool's by its attempt.
            while (true)
            {
                ForwardingTarget? target;
                lock (_gate)
                {
                    target = _nextFixed < fixedTargets.Count ? fixedTargets[_nextFixed++] : failover?.Next();
                    _current = target;
                }

                if (target is null)
                {
                    Log.ReplicaFailed(edge._logger, request.To.Uri);
                    return;
                }

                if (edge.SendReplica(this, target))
                {
                    return;
                }

                failover?.Completed(target, ForwardingError.Transport, 503);
            }
        }

        public void OnResponse(ClientTransaction transaction, SipMessage response)
        {
            var status = response.StatusCode;
            if (status < 200 || Current() is not { } target)
            {
                return;
            }

            failover?.Completed(target, ForwardingErrors.ForStatus(status), status);
            if (status == 408 || status is >= 500 and < 600)
            {
                SendNext();
                return;
            }

            if (status >= 300)
            {
                Log.ReplicaRefused(edge._logger, request.To.Uri, target.Destination, status);
            }
        }

        public void OnFailure(ClientTransaction transaction, TransactionFailure failure)
        {
            if (Current() is not { } target)
            {
                return;
            }

            edge.Metrics.BranchFailed(failure);
            failover?.Completed(target, failure == TransactionFailure.Timeout ? ForwardingError.NoAnswer : ForwardingError.Transport, failure == TransactionFailure.Timeout ? 408 : 503);
            SendNext();
        }

        private ForwardingTarget? Current()
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    internal static partial class Log
    {
        [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "No switch to replicate the REGISTER of {Aor} to")]
        public static partial void NoReplicaTarget(ILogger logger, SipUri aor);

        [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "No switch took the replicated REGISTER of {Aor}")]
        public static partial void ReplicaFailed(ILogger logger, SipUri aor);

        [LoggerMessage(EventId = 1052, Level = LogLevel.Warning, Message = "{Destination} refused the replicated REGISTER of {Aor} with {Status}")]
        public static partial void ReplicaRefused(ILogger logger, SipUri aor, SipDestination destination, int status);
    }
}
