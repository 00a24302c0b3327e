using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Routing;

/// <summary>Settings of the proxy half of the edge (bound from the "Proxy" section).</summary>
public sealed class ProxyOptions
{
    /// <summary>
    /// Local domains: requests whose Request-URI host is one of these (or one of the listeners'
    /// addresses) are for users of this edge. Others are refused with 403 unless
    /// <see cref="DefaultRoute"/> is set — never an open relay.
    /// </summary>
    public List<string> Domains { get; set; } = [];

    /// <summary>
    /// Where requests go that are not for a registered local user (a switch, an outbound proxy),
    /// as a SIP URI such as "sip:10.0.0.10:5060". Empty: such requests get 404 (local) or 403.
    /// </summary>
    public string? DefaultRoute { get; set; }

    /// <summary>Max-Forwards put on requests that arrive without one (RFC 3261 §16.6 step 3).</summary>
    [Range(1, 255)]
    public int DefaultMaxForwards { get; set; } = 70;

    /// <summary>Timer C (RFC 3261 §16.6 step 11): how long an INVITE branch may ring; at least 3 minutes by the RFC.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan TimerC { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Proxy-Require option tags this proxy supports (anything else gets 420, RFC 3261 §16.3).</summary>
    public List<string> SupportedExtensions { get; set; } = ["path", "outbound", "gruu"];

    /// <summary>Text for the Server header of responses the edge generates itself.</summary>
    public string ServerHeader { get; set; } = "Bridgehead";
}

/// <summary>Settings of the registrar (bound from the "Registrar" section).</summary>
public sealed class RegistrarOptions
{
    [Range(1, int.MaxValue)]
    public int MinExpires { get; set; } = 60;

    [Range(1, int.MaxValue)]
    public int MaxExpires { get; set; } = 86400;

    [Range(1, int.MaxValue)]
    public int DefaultExpires { get; set; } = 3600;

    /// <summary>Most contacts one address-of-record may hold; more get 403 (as Kamailio's max_contacts).</summary>
    [Range(1, 1000)]
    public int MaxContacts { get; set; } = 16;

    /// <summary>
    /// Whether the domain is part of the address-of-record. Off (the default, as Kamailio's
    /// use_domain=0): a call centre is one domain, and "1000" reached as sip:1000@10.0.0.5 or
    /// sip:1000@pbx.example.com is the same agent.
    /// </summary>
    public bool MultiDomain { get; set; }

    /// <summary>How often expired bindings are purged from memory and from the store.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Who keeps registrations (see <see cref="Registrar.RegistrationMode"/>): local (the default:
    /// the edge alone; the embedded node and switches ask the edge for its users), forward or
    /// replicate (a switch of <see cref="Set"/> hears every REGISTER too).
    /// </summary>
    public Registrar.RegistrationMode Mode { get; set; } = Registrar.RegistrationMode.Local;

    /// <summary>
    /// The dispatcher set whose switches take relayed REGISTERs, one per address-of-record by
    /// rendezvous hash so refreshes do not wander. When the set is not loaded: the default route.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int Set { get; set; } = 1;

    /// <summary>
    /// Whether switches store Path (RFC 3327). Off: a relayed REGISTER's Contact is rewritten to
    /// reach the user through the edge. A destination's attribute "path=0" or "path=1" decides for it.
    /// </summary>
    public bool Path { get; set; } = true;
}

/// <summary>Digest authentication settings (bound from the "Auth" section).</summary>
public sealed class AuthOptions
{
    /// <summary>On by default; "--auth off" turns it off for a lab.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The realm in challenges and in subscribers' HA1. Defaults to the first local domain, else "bridgehead".</summary>
    public string? Realm { get; set; }

    /// <summary>How long a nonce is accepted; older ones get a fresh challenge with stale=true.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Algorithms offered, one challenge each in this order (RFC 8760 §2.4). MD5 alone by default:
    /// the clients of a call centre answer a single challenge and only with MD5 — baresip the
    /// first one it is given, JsSIP 3.13 the last — so any second challenge breaks one of them.
    /// Deployments whose phones do SHA-256 list ["SHA-256", "MD5"] or ["SHA-256"].
    /// </summary>
    public List<string> Algorithms { get; set; } = ["MD5"];
}
