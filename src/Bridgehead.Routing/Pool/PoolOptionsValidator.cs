using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Pool;

/// <summary>Checks <see cref="PoolOptions"/> at start and reports every problem at once.</summary>
public sealed class PoolOptionsValidator : IValidateOptions<PoolOptions>
{
    public ValidateOptionsResult Validate(string? name, PoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        PoolRule.CompileAll(options.Rules, errors);
        if (DestinationPolicies.Create(options.DefaultPolicy, [], Random.Shared) is null)
        {
            errors.Add($"Pool:DefaultPolicy '{options.DefaultPolicy}' is not one of {string.Join(", ", DestinationPolicies.Names)}.");
        }

        foreach (var (set, setOptions) in options.Sets)
        {
            if (!int.TryParse(set, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"Pool:Sets:{set} is not a set number.");
            }

            if (setOptions.Policy is { } policy && DestinationPolicies.Create(policy, [], Random.Shared) is null)
            {
                errors.Add($"Pool:Sets:{set}:Policy '{policy}' is not one of {string.Join(", ", DestinationPolicies.Names)}"
                    + (policy.Contains("resource", StringComparison.OrdinalIgnoreCase) ? " (least-loaded by resources is a load-balancer Group's rule)." : "."));
            }
        }

        if (options.NoAnswerTimeout < TimeSpan.FromMilliseconds(100) || options.NoAnswerTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Pool:NoAnswerTimeout {options.NoAnswerTimeout} is outside 0.1 s .. 30 s (Timer B is 32 s).");
        }

        if (options.ReloadInterval is { } reload && (reload < TimeSpan.FromSeconds(1) || reload > TimeSpan.FromDays(1)))
        {
            errors.Add($"Pool:ReloadInterval {reload} is outside 1 s .. 1 day (leave it out to reload only on changes).");
        }

        foreach (var trusted in options.Trusted)
        {
            if (!TrustedSources.TryParse(trusted, out _))
            {
                errors.Add($"Pool:Trusted entry '{trusted}' is not an IP address or address:port.");
            }
        }

        var health = options.Health;
        if (health.ProbeInterval < TimeSpan.FromMilliseconds(100) || health.ProbeInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"Pool:Health:ProbeInterval {health.ProbeInterval} is outside 0.1 s .. 1 h.");
        }

        if (health.ProbeTimeout <= TimeSpan.Zero || health.ProbeTimeout > health.ProbeInterval)
        {
            errors.Add($"Pool:Health:ProbeTimeout {health.ProbeTimeout} must be above 0 and at most ProbeInterval ({health.ProbeInterval}).");
        }

        if (!string.Equals(health.Policy, ConsecutiveFailuresHealthPolicy.PolicyName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Pool:Health:Policy '{health.Policy}' is not {ConsecutiveFailuresHealthPolicy.PolicyName}.");
        }

        if (health.FailuresToDown is < 1 or > 100)
        {
            errors.Add($"Pool:Health:FailuresToDown {health.FailuresToDown} is outside 1..100.");
        }

        if (health.SuccessesToUp is < 1 or > 100)
        {
            errors.Add($"Pool:Health:SuccessesToUp {health.SuccessesToUp} is outside 1..100.");
        }

        if (health.AliveReplies.Count == 0)
        {
            errors.Add("Pool:Health:AliveReplies is empty; no probe could ever succeed (e.g. [\"2xx\"]).");
        }

        foreach (var reply in health.AliveReplies)
        {
            if (!AliveReply.TryParse(reply, out _))
            {
                errors.Add($"Pool:Health:AliveReplies entry '{reply}' is neither a class (2xx) nor a code (404).");
            }
        }

        if (!Enum.IsDefined(health.WhenAllDown))
        {
            errors.Add($"Pool:Health:WhenAllDown '{health.WhenAllDown}' is not Reject or TryAll.");
        }

        var lb = options.LoadBalancer;
        if (!Enum.IsDefined(lb.Mode))
        {
            errors.Add($"Pool:LoadBalancer:Mode '{lb.Mode}' is not Absolute or Relative.");
        }

        if (lb.CallLifetime < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Pool:LoadBalancer:CallLifetime {lb.CallLifetime} is under a minute: answered calls would lose their resources while up.");
        }

        if (lb.SweepInterval < TimeSpan.FromSeconds(1) || lb.SweepInterval > lb.CallLifetime)
        {
            errors.Add($"Pool:LoadBalancer:SweepInterval {lb.SweepInterval} must be at least 1 s and at most CallLifetime.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
