using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Bridgehead.AppNode.Registrar;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.AppNode.Hosting;

/// <summary>
/// Tells the node its own address once the listener is bound (the port may have been 0), picks
/// the media address, purges expired registrations, and hangs up every call at stop.
/// </summary>
internal sealed partial class AppNodeService(
    ApplicationNode node,
    ISipTransport transport,
    RegistrationTable registrations,
    TimeProvider time,
    IOptions<AppNodeOptions> options,
    ILogger<AppNodeService> logger) : IHostedLifecycleService
{
    private ITimer? _purge;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var listener = transport.Listeners[0];
        var host = listener.Address.AdvertisedHost ?? (listener.IsWildcard ? Primary(listener.AddressFamily).ToString() : listener.LocalEndPoint.Address.ToString());
        var media = string.IsNullOrWhiteSpace(options.Value.MediaAddress) ? IPAddress.Parse(host) : IPAddress.Parse(options.Value.MediaAddress);
        var advertised = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        node.Bind(new LocalContact(listener.Transport, advertised, listener.AdvertisedPort), media);
        _purge = time.CreateTimer(static s => ((AppNodeService)s!).Purge(), this, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        Log.Started(logger, listener.Transport, listener.LocalEndPoint, media, options.Value.Edge ?? "none");
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        // BYE every call while the transport can still send it.
        node.Dispose();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _purge?.Dispose();
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Purge() => registrations.Purge(time.GetUtcNow());

    private static IPAddress Primary(AddressFamily family)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == family && !address.Address.IsIPv6LinkLocal)
                {
                    return address.Address;
                }
            }
        }

        return family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
    }

    private static partial class Log
    {
        [LoggerMessage(2050, LogLevel.Information, "Application node on {Transport} {LocalEndPoint}, media on {MediaAddress}, edge {Edge}")]
        public static partial void Started(ILogger logger, Bridgehead.Sip.SipTransportKind transport, IPEndPoint localEndPoint, IPAddress mediaAddress, string edge);
    }
}
