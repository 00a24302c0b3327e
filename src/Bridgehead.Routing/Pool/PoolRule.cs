using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// A compiled routing rule: a request whose method and Request-URI match goes to a dispatcher set
/// or to a load-balancer group with the resources it takes. Regular expressions run without
/// backtracking (linear time whatever a caller dials).
/// </summary>
public sealed class PoolRule
{
    private readonly Regex? _user;
    private readonly Regex? _domain;
    private readonly SipMethod[] _methods;

    private PoolRule(Regex? user, Regex? domain, SipMethod[] methods, int? set, int? group, string[] resources, string text)
    {
        _user = user;
        _domain = domain;
        _methods = methods;
        Set = set;
        Group = group;
        Resources = resources;
        Text = text;
    }

    /// <summary>The dispatcher set, when the rule names one.</summary>
    public int? Set { get; }

    /// <summary>The load-balancer group, when the rule names one.</summary>
    public int? Group { get; }

    /// <summary>The resources a call takes in <see cref="Group"/>.</summary>
    public IReadOnlyList<string> Resources { get; }

    internal string[] ResourceArray => (string[])Resources;

    /// <summary>The rule as configured, for logs and errors.</summary>
    public string Text { get; }

    /// <summary>The rule used when none is configured: every call to set 1.</summary>
    public static PoolRule Default { get; } = new(null, null, [], 1, null, [], "every call to set 1");

    public bool Matches(SipMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_methods.Length > 0 && Array.IndexOf(_methods, request.Method) < 0)
        {
            return false;
        }

        var uri = request.Uri;
        return (_user is null || IsMatch(_user, uri.User.Span)) && (_domain is null || IsMatch(_domain, uri.Host.Span));
    }

    /// <summary>Compiles a configured rule; <paramref name="errors"/> gets every fault, prefixed with <paramref name="name"/>.</summary>
    public static PoolRule? Compile(PoolRuleOptions options, string name, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var user = CompileRegex(options.User, $"{name}:User", errors, RegexOptions.None);
        var domain = CompileRegex(options.Domain, $"{name}:Domain", errors, RegexOptions.IgnoreCase);
        var methods = new List<SipMethod>();
        foreach (var m in options.Methods)
        {
            var method = SipMethods.Identify(Encoding.ASCII.GetBytes(m.Trim().ToUpperInvariant()));
            if (method is SipMethod.Unknown or SipMethod.Register or SipMethod.Ack or SipMethod.Cancel)
            {
                errors.Add($"{name}:Methods '{m}' is not a method a call can be routed by (INVITE, MESSAGE, SUBSCRIBE, OPTIONS …).");
            }
            else
            {
                methods.Add(method);
            }
        }

        string[] resources = [];
        if (options.Set is null == options.Group is null)
        {
            errors.Add($"{name} must name either a dispatcher Set or a load-balancer Group.");
        }
        else if (options.Set is < 0)
        {
            errors.Add($"{name}:Set {options.Set} is negative.");
        }
        else if (options.Group is { } group)
        {
            if (group < 0)
            {
                errors.Add($"{name}:Group {group} is negative.");
            }

            if (!LoadBalancerResources.TryParseRequest(options.Resources, out resources, out var resourceErrors))
            {
                errors.AddRange(resourceErrors.Select(e => $"{name}:Resources: {e}."));
            }
        }
        else if (!string.IsNullOrEmpty(options.Resources))
        {
            errors.Add($"{name}:Resources only applies to a load-balancer Group.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var text = $"user~{options.User ?? "*"} domain~{options.Domain ?? "*"} -> "
            + (options.Set is { } s ? $"set {s}" : $"group {options.Group} ({string.Join(';', resources)})");
        return new PoolRule(user, domain, [.. methods], options.Set, options.Group, resources, text);
    }

    /// <summary>Compiles the configured rules, or the default rule when there are none.</summary>
    public static IReadOnlyList<PoolRule> CompileAll(IReadOnlyList<PoolRuleOptions> rules, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0)
        {
            return [Default];
        }

        var compiled = new List<PoolRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (Compile(rules[i], $"Pool:Rules:{i}", errors) is { } rule)
            {
                compiled.Add(rule);
            }
        }

        return compiled;
    }

    private static Regex? CompileRegex(string? pattern, string name, List<string> errors, RegexOptions extra)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | extra);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{name} '{pattern}' is not a regular expression: {ex.Message}");
            return null;
        }
        catch (NotSupportedException ex)
        {
            errors.Add($"{name} '{pattern}' uses a construct that cannot run in linear time: {ex.Message}");
            return null;
        }
    }

    private static bool IsMatch(Regex regex, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)'%') >= 0)
        {
            return regex.IsMatch(UriEscaping.Unescape(bytes));
        }

        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var n = Encoding.UTF8.GetChars(bytes, chars);
        return regex.IsMatch(chars[..n]);
    }
}
