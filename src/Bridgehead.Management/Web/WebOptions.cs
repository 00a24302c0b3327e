namespace Bridgehead.Management.Web;

/// <summary>The web phone and dashboard (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// Whether the WS/WSS listeners also answer plain HTTPS GETs with the web phone ("/") and the
    /// dashboard ("/dashboard/"): true. The WebSocket upgrade on the same port stays SIP's.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
