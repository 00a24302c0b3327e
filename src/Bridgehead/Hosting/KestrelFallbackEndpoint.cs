using System.Net;
using Bridgehead.Management;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridgehead.Hosting;

/// <summary>
/// Kestrel serves the edge's SIP stream listeners (TCP, TLS, and WS/WSS with the web pages) and
/// the management API. When it has neither (UDP listeners only, and the management API off or its
/// default port held by another process) it would bind its default http://localhost:5000; it gets
/// a loopback endpoint on a port of the system's choosing instead, and only then: a URL given
/// beside endpoints (UseUrls) makes Kestrel warn at every start that the endpoints override it.
/// A post-configuration, so it runs after the transport and the management API have added theirs.
/// </summary>
internal sealed class KestrelFallbackEndpoint(SipListenerSet listeners, IServiceProvider services) : IPostConfigureOptions<KestrelServerOptions>
{
    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var streams = listeners.Any(l => l.Transport != SipTransportKind.Udp);
        var management = services.GetService<ManagementEndpoint>() is { IsListening: true };
        if (!streams && !management)
        {
            options.Listen(IPAddress.Loopback, 0);
        }
    }
}
