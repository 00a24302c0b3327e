namespace Bridgehead.Routing.Pool;

/// <summary>
/// One call's hold on the resources of one load-balancer destination: taken when the call is sent
/// there, kept while the call lives, given back on a failure, a CANCEL, the BYE, or expiry.
/// </summary>
public sealed class LoadBalancerReservation
{
    internal LoadBalancerReservation(LoadBalancerMember member, string[] resources)
    {
        Member = member;
        Resources = resources;
    }

    public LoadBalancerMember Member { get; }

    public IReadOnlyList<string> Resources { get; }

    /// <summary>Set under the ledger's lock.</summary>
    public bool Released { get; internal set; }

    /// <summary>When an answered call without a BYE gives its resources back.</summary>
    internal DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Another answered call with the same Call-ID (rare: two INVITEs of one Call-ID).</summary>
    internal LoadBalancerReservation? Next { get; set; }

    internal string[] ResourceArray => (string[])Resources;
}

/// <summary>
/// The one writer of load-balancer usage: chooses (through <see cref="ResourceLoadPolicy"/>) and
/// takes capacity in one step under one lock, so two calls never take the last unit twice.
/// </summary>
public sealed class LoadBalancerLedger
{
    public LoadBalancerLedger(ResourceLoadPolicy policy) => Policy = policy;

    /// <summary>The lock every <see cref="LoadBalancerUsage"/> of this edge is read and written under.</summary>
    internal Lock Gate { get; } = new();

    public ResourceLoadPolicy Policy { get; }

    /// <summary>Picks the least-loaded candidate with room for the resources and takes one unit of each; null when none has room.</summary>
    public LoadBalancerReservation? Reserve(IReadOnlyList<LoadBalancerMember> candidates, string[] resources)
    {
        lock (Gate)
        {
            var member = Policy.Select(candidates, resources);
            if (member is null)
            {
                return null;
            }

            member.Usage.AddLocked(resources, +1);
            return new LoadBalancerReservation(member, resources);
        }
    }

    /// <summary>Gives the resources back; false when they were given back already.</summary>
    public bool Release(LoadBalancerReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (Gate)
        {
            if (reservation.Released)
            {
                return false;
            }

            reservation.Released = true;
            reservation.Member.Usage.AddLocked(reservation.ResourceArray, -1);
            return true;
        }
    }

    /// <summary>
    /// Takes the resources again for a call that was given up (no answer in time) and then answered
    /// late with a 2xx: the call is up, so it counts, even past capacity.
    /// </summary>
    public void Reacquire(LoadBalancerReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (Gate)
        {
            if (reservation.Released)
            {
                reservation.Released = false;
                reservation.Member.Usage.AddLocked(reservation.ResourceArray, +1);
            }
        }
    }
}
