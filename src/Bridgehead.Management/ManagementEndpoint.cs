using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Management;

/// <summary>
/// The management API's own Kestrel endpoint (HTTP/1.1, loopback by default) and its token. The
/// API answers only on this endpoint: requests reaching the server's other HTTP endpoints (the
/// WebSocket listeners) never see it.
/// </summary>
public sealed partial class ManagementEndpoint
{
    private readonly ILogger<ManagementEndpoint> _logger;
    private readonly bool _isDefault;
    private ListenOptions? _listen;

    public ManagementEndpoint(IOptions<ManagementOptions> options, ILogger<ManagementEndpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var value = options.Value;
        _isDefault = string.Equals(value.Listen?.Trim(), ManagementOptions.DefaultListen, StringComparison.Ordinal);
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

    /// <summary>Whether the endpoint is served (false when the default port was taken by another process).</summary>
    public bool IsListening => _listen is not null;

    internal void Configure(KestrelServerOptions kestrel)
    {
        if (_isDefault && !IsFree(Configured))
        {
            // An operator who asked for nothing must not lose the SIP service because another
            // process (a second edge on the host) holds 8088; one who configured a port fails
            // at start instead, as Kestrel reports.
            Log.DefaultPortTaken(_logger, Configured);
            return;
        }

        kestrel.Listen(Configured, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        });
    }

    private static bool IsFree(IPEndPoint endPoint)
    {
        try
        {
            using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "The management API is not started: {EndPoint} is in use (give --management another address, or off)")]
        public static partial void DefaultPortTaken(ILogger logger, IPEndPoint endPoint);
    }

    /// <summary>Whether a connection came in on this endpoint.</summary>
    internal bool IsThisEndpoint(int localPort) => _listen is not null && localPort == BoundEndPoint.Port;
}

internal sealed class ManagementKestrelSetup(ManagementEndpoint endpoint) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options) => endpoint.Configure(options);
}
