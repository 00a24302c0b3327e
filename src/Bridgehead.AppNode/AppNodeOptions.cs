using System.ComponentModel.DataAnnotations;

namespace Bridgehead.AppNode;

/// <summary>Settings of the application node (bound from the "AppNode" section).</summary>
public sealed class AppNodeOptions
{
    public const string SectionName = "AppNode";

    /// <summary>Whether `bridgehead run` starts the node in process (on by default: a fresh install has a switch to call).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The node's own SIP listener, as the edge's listen syntax: a separate SIP endpoint on loopback by default.</summary>
    public string Listen { get; set; } = "udp:127.0.0.1:5080";

    /// <summary>
    /// The edge, as a SIP URI ("sip:127.0.0.1:5060"): where originate sends an INVITE for a user
    /// who is not registered at the node (the edge looks the user up), like a switch's outbound
    /// proxy. Empty: such users are not found.
    /// </summary>
    public string? Edge { get; set; } = "sip:127.0.0.1:5060";

    /// <summary>The domain of the Request-URI sent to the edge for a user (sip:1000@domain); empty: the edge's host.</summary>
    public string? EdgeDomain { get; set; }

    /// <summary>
    /// The host of the From URI of calls the node places. It is deliberately not one of the edge's
    /// own domains: the edge asks its own users for credentials, and a switch is not one of them
    /// (a switch's From carries the switch's domain).
    /// </summary>
    public string FromDomain { get; set; } = "appnode.invalid";

    /// <summary>The address RTP is bound to and advertised in SDP; empty: the SIP listener's address.</summary>
    public string? MediaAddress { get; set; }

    /// <summary>
    /// The first RTP port (even); each call takes two ports, RTP and RTCP. Below the media relay's
    /// default range (30000–40000) so that the node and the relay in one process never compete.
    /// </summary>
    [Range(1024, 65534)]
    public int RtpPortMin { get; set; } = 20000;

    [Range(1025, 65535)]
    public int RtpPortMax { get; set; } = 20999;

    /// <summary>The extension that echoes what it receives (FreeSWITCH's default 9196).</summary>
    public string EchoExtension { get; set; } = "9196";

    /// <summary>The extension that plays the recording then hangs up (FreeSWITCH's 9664).</summary>
    public string PlaybackExtension { get; set; } = "9664";

    /// <summary>The extension that plays a steady 400+450 Hz tone until the caller hangs up (FreeSWITCH's 9198).</summary>
    public string ToneExtension { get; set; } = "9198";

    /// <summary>The WAV file extension 9664 plays; empty: the bundled recording.</summary>
    public string? PlaybackFile { get; set; }

    /// <summary>Hang up a call when no RTP has arrived for this long (0: never), as a switch's media timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest call the node keeps up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an originated call may ring before it is cancelled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan OriginateTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100_000)]
    public int MaxCalls { get; set; } = 500;

    public AppNodeRegistrarOptions Registrar { get; set; } = new();

    /// <summary>The loopback HTTP endpoint the `bridgehead originate` command talks to ("127.0.0.1:5081", or "off").</summary>
    public string Control { get; set; } = "127.0.0.1:5081";

    /// <summary>Where the control token and URL files live.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The Server/User-Agent header.</summary>
    public string UserAgent { get; set; } = "Bridgehead AppNode";
}

/// <summary>The node's registrar, which accepts REGISTERs as a switch does.</summary>
public sealed class AppNodeRegistrarOptions
{
    [Range(1, int.MaxValue)]
    public int MinExpires { get; set; } = 60;

    [Range(1, int.MaxValue)]
    public int MaxExpires { get; set; } = 7200;

    [Range(1, int.MaxValue)]
    public int DefaultExpires { get; set; } = 3600;

    [Range(1, 100)]
    public int MaxContacts { get; set; } = 10;

    /// <summary>Challenge REGISTERs with digest (FreeSWITCH does by default; off here because the edge authenticates).</summary>
    public bool Authenticate { get; set; }

    /// <summary>The realm of the challenge; empty: the Request-URI's host.</summary>
    public string? Realm { get; set; }

    /// <summary>User → password, when <see cref="Authenticate"/> is on.</summary>
    public Dictionary<string, string> Users { get; set; } = [];
}
