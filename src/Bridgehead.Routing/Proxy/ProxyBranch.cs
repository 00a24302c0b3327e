using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing.Proxy;

/// <summary>One forwarded copy of a request: its target, its client transaction, what it heard.</summary>
internal sealed class ProxyBranch : IClientTransactionOwner
{
    public ProxyBranch(ProxyContext context, ForwardingTarget target, int group)
    {
        Context = context;
        Target = target;
        Group = group;
    }

    public ProxyContext Context { get; }

    public ForwardingTarget Target { get; }

    public int Group { get; }

    public ClientTransaction? Transaction { get; set; }

    public bool HasProvisional { get; set; }

    /// <summary>The final status this branch ended with (0 while pending; synthesized 408/503 included).</summary>
    public int FinalStatus { get; set; }

    /// <summary>A CANCEL is owed once a provisional response arrives (RFC 3261 §9.1).</summary>
    public bool CancelPending { get; set; }

    public bool CancelSent { get; set; }

    /// <summary>Runs 64*T1 from the CANCEL: the INVITE is taken as cancelled if no final arrives (RFC 3261 §9.1).</summary>
    public ITimer? CancelTimer { get; set; }

    /// <summary>A branch of the failover group (a pool destination), see <see cref="IFailoverTargets"/>.</summary>
    public bool IsFailover { get; init; }

    /// <summary>The failover group's "no answer" timer (fr_timer), while it runs.</summary>
    public ITimer? NoAnswerTimer { get; set; }

    public bool IsPending => FinalStatus == 0;

    public void OnResponse(ClientTransaction transaction, SipMessage response) => Context.OnBranchResponse(this, response);

    public void OnFailure(ClientTransaction transaction, TransactionFailure failure) => Context.OnBranchFailure(this, failure);
}

/// <summary>Owner of CANCEL transactions: their responses end hop by hop (RFC 3261 §16.10).</summary>
internal sealed class CancelOwner : IClientTransactionOwner
{
    public static readonly CancelOwner Instance = new();

    public void OnResponse(ClientTransaction transaction, SipMessage response)
    {
    }

    public void OnFailure(ClientTransaction transaction, TransactionFailure failure)
    {
    }
}
