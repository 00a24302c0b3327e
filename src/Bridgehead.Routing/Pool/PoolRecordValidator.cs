using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// Checks dispatcher and load-balancer rows before they are stored or applied. Every fault is
/// reported, keyed by the field's name as the management API spells it (camelCase).
/// </summary>
public static class PoolRecordValidator
{
    public const int MaxDescription = 255;
    public const int MaxAttributes = 1024;
    public const int MaxWeight = 1000;

    public static Dictionary<string, string[]> Validate(DispatcherRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (record.SetId < 0)
        {
            Add(errors, "setId", $"set {record.SetId} is negative; sets are numbered from 0");
        }

        ValidateUri(errors, record.Uri);
        if (record.Weight is < 0 or > MaxWeight)
        {
            Add(errors, "weight", $"weight {record.Weight} is outside 0..{MaxWeight} (0: used only when the others fail)");
        }

        if (record.Priority is < -1000 or > 1000)
        {
            Add(errors, "priority", $"priority {record.Priority} is outside -1000..1000");
        }

        ValidateText(errors, "attributes", record.Attributes, MaxAttributes);
        ValidateText(errors, "description", record.Description, MaxDescription);
        return Finish(errors);
    }

    public static Dictionary<string, string[]> Validate(LoadBalancerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (record.GroupId < 0)
        {
            Add(errors, "groupId", $"group {record.GroupId} is negative; groups are numbered from 0");
        }

        ValidateUri(errors, record.Uri);
        if (!LoadBalancerResources.TryParse(record.Resources, out _, out var resourceErrors))
        {
            foreach (var e in resourceErrors)
            {
                Add(errors, "resources", e);
            }
        }

        if (record.ProbeMode is < 0 or > 2)
        {
            Add(errors, "probeMode", $"probe mode {record.ProbeMode} is not 0 (never probe), 1 or 2 (probe)");
        }

        ValidateText(errors, "description", record.Description, MaxDescription);
        return Finish(errors);
    }

    /// <summary>A destination URI: sip or sips, a host, a port in range, a transport the edge can dial.</summary>
    public static bool TryParseDestination(string? text, out SipUri uri, out string? error)
    {
        uri = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the destination is empty; give a SIP URI such as sip:10.0.0.10:5060";
            return false;
        }

        if (!SipUri.TryParse(text.Trim(), out uri) || !uri.IsSip)
        {
            error = $"'{text}' is not a SIP URI (e.g. sip:10.0.0.10:5060)";
            return false;
        }

        if (uri.Host.IsEmpty)
        {
            error = $"'{text}' has no host";
            return false;
        }

        if (uri.Port is < 0 or > 65535)
        {
            error = $"'{text}' has port {uri.Port}, outside 1..65535";
            return false;
        }

        var transport = NextHop.TransportOf(uri);
        if (transport.IsWebSocket())
        {
            // RFC 7118 §5: a WebSocket server is never dialled; a switch is reached over UDP, TCP or TLS.
            error = $"'{text}' asks for a WebSocket transport, which cannot be dialled";
            return false;
        }

        return true;
    }

    private static void ValidateUri(Dictionary<string, List<string>> errors, string? uri)
    {
        if (!TryParseDestination(uri, out _, out var error))
        {
            Add(errors, "uri", error!);
        }
        else if (uri!.Length > 255)
        {
            Add(errors, "uri", "the URI is longer than 255 characters");
        }
    }

    private static void ValidateText(Dictionary<string, List<string>> errors, string field, string? text, int max)
    {
        if (text is null)
        {
            return;
        }

        if (text.Length > max)
        {
            Add(errors, field, $"longer than {max} characters");
        }

        if (text.Any(char.IsControl))
        {
            Add(errors, field, "contains control characters");
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string error)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(error);
    }

    private static Dictionary<string, string[]> Finish(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
