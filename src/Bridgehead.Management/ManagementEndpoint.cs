using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Bridgehead.Management;

/// <summary>
/// The management API's own Kestrel endpoint (HTTP/1.1, loopback by default) and its token. The
/// API answers only on this endpoint: requests reaching the server's other HTTP endpoints (the
/// WebSocket listeners) never see it.
/// </summary>
public sealed class ManagementEndpoint
{
    private ListenOptions? _listen;

    public ManagementEndpoint(IOptions<ManagementOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (!ManagementOptions.TryParseListen(value.Listen, out var endPoint, out var error))
        {
            throw new OptionsValidationException(ManagementOptions.SectionName, typeof(ManagementOptions), [error!]);
        }

        Configured = endPoint;
        DataDirectory = Path.GetFullPath(value.DataDirectory ?? "data");
        Token = ManagementToken.LoadOrCreate(DataDirectory);
    }

    public IPEndPoint Configured { get; }

    public string DataDirectory { get; }

    public string Token { get; }

    /// <summary>The bound endpoint once Kestrel has started (the real port when 0 was configured).</summary>
    public IPEndPoint BoundEndPoint => _listen?.IPEndPoint is { Port: > 0 } bound ? bound : Configured;

    /// <summary>"http://127.0.0.1:8088".</summary>
    public Uri Url
    {
        get
        {
            var bound = BoundEndPoint;
            var host = bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound.Address;
            return new Uri($"http://{new IPEndPoint(host, bound.Port)}");
        }
    }

    internal void Configure(KestrelServerOptions kestrel) =>
        kestrel.Listen(Configured, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        });

    /// <summary>Whether a connection came in on this endpoint.</summary>
    internal bool IsThisEndpoint(int localPort) => _listen is not null && localPort == BoundEndPoint.Port;
}

internal sealed class ManagementKestrelSetup(ManagementEndpoint endpoint) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options) => endpoint.Configure(options);
}
