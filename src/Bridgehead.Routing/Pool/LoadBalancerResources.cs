using System.Globalization;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The capacities of a load-balancer destination in OpenSIPS's syntax: "vm=100;conf=100;transc=100;pstn=500"
/// — resource names (letters, digits, '_' and '-') with the number of concurrent calls each can take.
/// Parsing reports every fault, never throws.
/// </summary>
public sealed class LoadBalancerResources
{
    private LoadBalancerResources(IReadOnlyList<KeyValuePair<string, int>> capacities) => Capacities = capacities;

    /// <summary>Name and capacity, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Capacities { get; }

    /// <summary>The capacity of a resource, or -1 when this destination does not offer it.</summary>
    public int CapacityOf(string name)
    {
        foreach (var (n, c) in Capacities)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>Back in the canonical syntax ("vm=100;pstn=500").</summary>
    public override string ToString() => string.Join(';', Capacities.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));

    /// <summary>Parses a capacity list; on failure <paramref name="errors"/> says what is wrong with each part.</summary>
    public static bool TryParse(string? text, out LoadBalancerResources resources, out List<string> errors)
    {
        errors = [];
        var capacities = new List<KeyValuePair<string, int>>();
        resources = new LoadBalancerResources(capacities);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("no resources: write them as name=capacity;name=capacity (e.g. pstn=500;vm=100)");
            return false;
        }

        foreach (var raw in text.Split(';'))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                errors.Add("an empty entry between ';'");
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                errors.Add($"'{part}' has no '=capacity'");
                continue;
            }

            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (!IsName(name))
            {
                errors.Add($"'{name}' is not a resource name (letters, digits, '_' and '-')");
                continue;
            }

            if (value.Contains("://", StringComparison.Ordinal))
            {
                errors.Add($"'{name}': capacities read from a switch ({value}) are not supported; give a number");
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity))
            {
                errors.Add($"'{name}': '{value}' is not a whole number of calls");
                continue;
            }

            if (capacities.Exists(c => string.Equals(c.Key, name, StringComparison.Ordinal)))
            {
                errors.Add($"'{name}' is given twice");
                continue;
            }

            capacities.Add(new(name, capacity));
        }

        return errors.Count == 0;
    }

    /// <summary>Parses the resources a call asks for: names separated by ';' ("pstn", "vm;transc").</summary>
    public static bool TryParseRequest(string? text, out string[] names, out List<string> errors)
    {
        errors = [];
        var list = new List<string>();
        names = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("no resource named: give one or more, e.g. pstn or vm;transc");
            return false;
        }

        foreach (var raw in text.Split(';'))
        {
            var name = raw.Trim();
            if (!IsName(name))
            {
                errors.Add($"'{name}' is not a resource name (letters, digits, '_' and '-')");
            }
            else if (list.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"'{name}' is named twice");
            }
            else
            {
                list.Add(name);
            }
        }

        names = [.. list];
        return errors.Count == 0;
    }

    private static bool IsName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
