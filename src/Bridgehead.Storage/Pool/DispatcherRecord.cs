namespace Bridgehead.Storage.Pool;

/// <summary>
/// One destination of a dispatcher set, as OpenSIPS's and Kamailio's dispatcher tables hold it: a
/// switch that calls of set <paramref name="SetId"/> may be sent to. The pair (set, URI) is unique.
/// </summary>
/// <param name="Id">The row id (0 before the store assigned one).</param>
/// <param name="SetId">The dispatcher set, 0 or more.</param>
/// <param name="Uri">Where calls go, a SIP URI such as "sip:10.0.0.10:5060".</param>
/// <param name="Weight">Share of the calls the weighted policy gives this destination (0 = failover only).</param>
/// <param name="Priority">Higher is tried first; destinations of a lower priority are backups.</param>
/// <param name="Attributes">Free text for the operator ("key=value;…"), kept as given.</param>
/// <param name="Description">A label such as "FS1".</param>
/// <param name="Disabled">Taken out of service by an operator (not the same as unhealthy).</param>
public sealed record DispatcherRecord(
    long Id,
    int SetId,
    string Uri,
    int Weight = 1,
    int Priority = 0,
    string Attributes = "",
    string Description = "",
    bool Disabled = false);

/// <summary>
/// One destination of a load-balancer group, as OpenSIPS's load_balancer table holds it: a switch
/// and the resources it offers, written "vm=100;conf=100;transc=100;pstn=500". The pair (group,
/// URI) is unique.
/// </summary>
/// <param name="Id">The row id (0 before the store assigned one).</param>
/// <param name="GroupId">The load-balancer group, 0 or more.</param>
/// <param name="Uri">Where calls go, a SIP URI.</param>
/// <param name="Resources">Capacities in OpenSIPS's syntax.</param>
/// <param name="ProbeMode">0: never probed (always taken as alive); 1 or 2: probed with OPTIONS.</param>
/// <param name="Description">A label such as "FS1".</param>
/// <param name="Disabled">Taken out of service by an operator (not the same as unhealthy).</param>
public sealed record LoadBalancerRecord(
    long Id,
    int GroupId,
    string Uri,
    string Resources,
    int ProbeMode = 1,
    string Description = "",
    bool Disabled = false);
