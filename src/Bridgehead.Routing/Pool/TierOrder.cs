using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// How the usable members of one priority tier are ordered when a set is ordered for a request.
/// Implemented by structs and taken as a generic argument, so each ordering gets its own compiled
/// copy of the tier walk and nothing is allocated per request for it.
/// </summary>
internal interface ITierOrder
{
    /// <summary>Writes a permutation of 0..candidates.Count-1 into <paramref name="order"/>, first to try first.</summary>
    void Order(IReadOnlyList<DispatcherMember> candidates, Span<int> order);
}

/// <summary>The set's destination policy for a call (round robin, weighted, Call-ID or caller hash).</summary>
internal readonly struct PolicyTierOrder : ITierOrder
{
    private readonly IDestinationPolicy _policy;
    private readonly SipMessage _request;

    public PolicyTierOrder(IDestinationPolicy policy, SipMessage request)
    {
        _policy = policy;
        _request = request;
    }

    public void Order(IReadOnlyList<DispatcherMember> candidates, Span<int> order) => _policy.Order(candidates, _request, order);
}

/// <summary>Rendezvous-hash order of a fixed key (a REGISTER's address of record), whatever the set's policy.</summary>
internal readonly struct KeyTierOrder : ITierOrder
{
    private readonly ulong _key;

    public KeyTierOrder(ulong key) => _key = key;

    public void Order(IReadOnlyList<DispatcherMember> candidates, Span<int> order) => RendezvousHash.Order(_key, candidates, order);
}
