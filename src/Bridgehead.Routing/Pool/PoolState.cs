using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The pool's long-lived runtime object: the current <see cref="PoolSnapshot"/>, and the runtime
/// state of each destination and load-balancer row, which a reload keeps for rows it keeps (a
/// switch does not forget it was down, nor its calls, because an operator added another).
/// </summary>
public sealed class PoolState
{
    private readonly TimeProvider _time;
    private readonly PoolOptions _options;
    private readonly LoadBalancerLedger _ledger;
    private readonly Random _random;
    private readonly Lock _applying = new();
    private Dictionary<string, DestinationState> _destinations = new(StringComparer.Ordinal);
    private Dictionary<(int Group, string Key), LoadBalancerUsage> _usages = [];
    private PoolSnapshot _current = PoolSnapshot.Empty;

    public PoolState(TimeProvider time, IOptions<PoolOptions> options, LoadBalancerLedger ledger, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value;
        _ledger = ledger;
        _random = random ?? Random.Shared;
    }

    public PoolSnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Builds a snapshot from rows (already validated; a row whose URI does not parse is skipped)
    /// and makes it current.
    /// </summary>
    public PoolSnapshot Apply(IReadOnlyList<DispatcherRecord> dispatcher, IReadOnlyList<LoadBalancerRecord> loadBalancer)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        lock (_applying)
        {
            var now = _time.GetUtcNow();
            var destinations = new Dictionary<string, DestinationState>(StringComparer.Ordinal);
            var enabled = new HashSet<string>(StringComparer.Ordinal);
            var probed = new List<DestinationState>();

            DestinationState? Bind(string uri, bool disabled, bool probe)
            {
                if (!PoolRecordValidator.TryParseDestination(uri, out var parsed, out _))
                {
                    return null;
                }

                var key = DestinationState.KeyOf(parsed);
                if (!destinations.TryGetValue(key, out var state))
                {
                    if (!_destinations.TryGetValue(key, out state))
                    {
                        state = new DestinationState(key, SipUri.Parse(uri.Trim()), now);
                        if (NextHop.TryParseAddress(state.Uri.TryGetParameter("maddr"u8, out var maddr) ? maddr.Span : state.Uri.Host.Span, out var ip))
                        {
                            var transport = NextHop.TransportOf(state.Uri);
                            state.Destination = new SipDestination(transport, new System.Net.IPEndPoint(ip, state.Uri.PortOrDefault(transport)));
                        }
                    }

                    destinations[key] = state;
                }

                if (!disabled)
                {
                    enabled.Add(key);
                }

                if (probe && !probed.Contains(state))
                {
                    probed.Add(state);
                }

                return state;
            }

            var sets = new Dictionary<int, DispatcherSet>();
            foreach (var bySet in dispatcher.GroupBy(d => d.SetId))
            {
                var members = new List<DispatcherMember>();
                foreach (var row in bySet.OrderByDescending(r => r.Priority).ThenBy(r => r.Id))
                {
                    if (Bind(row.Uri, row.Disabled, probe: true) is { } state)
                    {
                        members.Add(new DispatcherMember(row, state, members.Count));
                    }
                }

                var policyName = _options.Sets.TryGetValue(bySet.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var setOptions) && setOptions.Policy is { } p
                    ? p
                    : _options.DefaultPolicy;
                var policy = DestinationPolicies.Create(policyName, [.. members.Select(m => m.Config.Weight)], _random) ?? new RoundRobinPolicy(_random.Next());
                sets[bySet.Key] = new DispatcherSet(bySet.Key, policy, members);
            }

            var usages = new Dictionary<(int Group, string Key), LoadBalancerUsage>();
            var groups = new Dictionary<int, LoadBalancerGroup>();
            foreach (var byGroup in loadBalancer.GroupBy(d => d.GroupId))
            {
                var members = new List<LoadBalancerMember>();
                foreach (var row in byGroup.OrderBy(r => r.Id))
                {
                    if (!LoadBalancerResources.TryParse(row.Resources, out var resources, out _)
                        || Bind(row.Uri, row.Disabled, probe: row.ProbeMode != 0) is not { } state)
                    {
                        continue;
                    }

                    var usageKey = (row.GroupId, state.Key);
                    if (!usages.TryGetValue(usageKey, out var usage) && !_usages.TryGetValue(usageKey, out usage))
                    {
                        usage = new LoadBalancerUsage(_ledger.Gate);
                    }

                    usages[usageKey] = usage;
                    members.Add(new LoadBalancerMember(row, resources, state, usage));
                }

                groups[byGroup.Key] = new LoadBalancerGroup(byGroup.Key, members);
            }

            _destinations = destinations;
            _usages = usages;
            var snapshot = new PoolSnapshot(dispatcher, loadBalancer, sets, groups, destinations, probed, enabled, now);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }
}
