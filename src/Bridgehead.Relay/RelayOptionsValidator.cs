using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Bridgehead.Relay;

/// <summary>Checks <see cref="RelayOptions"/> and reports every problem at once.</summary>
public sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        // The forwarder waits on epoll(7); there is no other event loop behind it yet.
        if (!OperatingSystem.IsLinux())
        {
            errors.Add("The media relay runs on Linux only (its packet loop uses epoll).");
        }

        if (options.PortMin is < 1024 or > 65534 || options.PortMax is < 1025 or > 65535)
        {
            errors.Add($"PortMin and PortMax are {options.PortMin} and {options.PortMax}; both must be from 1024 to 65535.");
        }
        else if (options.PortMax - options.PortMin < 3)
        {
            errors.Add($"PortMin {options.PortMin} to PortMax {options.PortMax} must hold at least two RTP/RTCP pairs.");
        }

        ValidateInterfaces(options.Interfaces, errors);
        Positive(options.MediaTimeout, nameof(options.MediaTimeout), errors);
        Positive(options.SweepInterval, nameof(options.SweepInterval), errors);
        Positive(options.DtlsHandshakeTimeout, nameof(options.DtlsHandshakeTimeout), errors);
        if (options.WorkerThreads is < 1 or > 64)
        {
            errors.Add($"WorkerThreads is {options.WorkerThreads}; it must be from 1 to 64.");
        }

        if (options.MaxSessions < 1)
        {
            errors.Add($"MaxSessions is {options.MaxSessions}; it must be at least 1.");
        }

        if (options.SocketReceiveBufferSize < 0 || options.SocketSendBufferSize < 0)
        {
            errors.Add("SocketReceiveBufferSize and SocketSendBufferSize are octets, or 0 for the system default.");
        }

        var ng = options.Ng;
        if (ng is null)
        {
            errors.Add("Ng must not be null.");
        }
        else
        {
            if (ng.Listen is { } listen && !IPEndPoint.TryParse(listen, out _))
            {
                errors.Add($"Ng:Listen '{listen}' is not an address and port such as 127.0.0.1:2223 or [::1]:2223.");
            }

            Positive(ng.ReplyCacheTime, "Ng:ReplyCacheTime", errors);
            if (ng.MaxCachedReplies < 1)
            {
                errors.Add($"Ng:MaxCachedReplies is {ng.MaxCachedReplies}; it must be at least 1.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateInterfaces(IList<RelayInterfaceOptions> interfaces, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in interfaces)
        {
            if (string.IsNullOrWhiteSpace(item.Name))
            {
                errors.Add("Every interface needs a name.");
                continue;
            }

            if (!names.Add(item.Name))
            {
                errors.Add($"Interface '{item.Name}' is listed twice.");
            }

            if (!IPAddress.TryParse(item.Address, out var address))
            {
                errors.Add($"Interface '{item.Name}': Address '{item.Address}' is not an IP address.");
                continue;
            }

            if (item.AdvertisedAddress is { } advertisedText)
            {
                if (!IPAddress.TryParse(advertisedText, out var advertised))
                {
                    errors.Add($"Interface '{item.Name}': AdvertisedAddress '{advertisedText}' is not an IP address.");
                }
                else if (advertised.AddressFamily != address.AddressFamily)
                {
                    errors.Add($"Interface '{item.Name}': AdvertisedAddress {advertised} and Address {address} are of different families.");
                }
                else if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
                {
                    errors.Add($"Interface '{item.Name}': AdvertisedAddress cannot be a wildcard; peers must reach it.");
                }
            }

            if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                errors.Add($"Interface '{item.Name}': Address {address} is neither IPv4 nor IPv6.");
            }
        }
    }

    private static void Positive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} is {value}; it must be positive.");
        }
    }
}
