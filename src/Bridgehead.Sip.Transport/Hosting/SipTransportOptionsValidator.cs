using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Hosting;

/// <summary>Checks <see cref="SipTransportOptions"/> and reports every problem at once.</summary>
internal sealed class SipTransportOptionsValidator : IValidateOptions<SipTransportOptions>
{
    private const int MaxMessageSizeCeiling = 512 * 1024;

    public ValidateOptionsResult Validate(string? name, SipTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateListeners(options, errors);

        // Kestrel pauses a connection's input at 1 MiB of unread data; a message must fit well below.
        if (options.MaxMessageSize is < 1024 or > MaxMessageSizeCeiling)
        {
            errors.Add($"MaxMessageSize is {options.MaxMessageSize}; it must be from 1024 to {MaxMessageSizeCeiling} octets.");
        }

        if (options.MaxConnections < 1)
        {
            errors.Add($"MaxConnections is {options.MaxConnections}; it must be at least 1.");
        }

        Positive(options.IdleTimeout, nameof(options.IdleTimeout), errors);
        Positive(options.IncompleteMessageTimeout, nameof(options.IncompleteMessageTimeout), errors);
        Positive(options.ConnectTimeout, nameof(options.ConnectTimeout), errors);
        if (options.UdpReceiveBufferSize < 0)
        {
            errors.Add($"UdpReceiveBufferSize is {options.UdpReceiveBufferSize}; use 0 for the system default or a size in octets.");
        }

        if (options.UdpSendBufferSize < 0)
        {
            errors.Add($"UdpSendBufferSize is {options.UdpSendBufferSize}; use 0 for the system default or a size in octets.");
        }

        if (options.MaxSendQueue < options.MaxMessageSize)
        {
            errors.Add($"MaxSendQueue ({options.MaxSendQueue}) must be at least MaxMessageSize ({options.MaxMessageSize}).");
        }

        ValidateTls(options, errors);
        ValidateWebSocket(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateListeners(SipTransportOptions options, List<string> errors)
    {
        if (options.Listen.Count == 0)
        {
            errors.Add("Listen is empty; give at least one address such as udp:0.0.0.0:5060.");
        }

        var seen = new HashSet<(SipTransportKind, System.Net.IPEndPoint)>();
        for (var i = 0; i < options.Listen.Count; i++)
        {
            var text = options.Listen[i];
            if (!ListenAddress.TryParse(text, out var address, out var error))
            {
                errors.Add($"Listen[{i}] '{text}': {error}.");
                continue;
            }

            // TCP, TLS, WS and WSS all take a TCP port, so they may not share one.
            var kind = address.Transport == SipTransportKind.Udp ? SipTransportKind.Udp : SipTransportKind.Tcp;
            if (address.EndPoint.Port != 0 && !seen.Add((kind, address.EndPoint)))
            {
                errors.Add($"Listen[{i}] '{text}': {address.EndPoint} is already used by an earlier {(kind == SipTransportKind.Udp ? "UDP" : "TCP/TLS/WS/WSS")} listener.");
            }
        }
    }

    private static void ValidateTls(SipTransportOptions options, List<string> errors)
    {
        var tls = options.Tls;
        if (!string.IsNullOrEmpty(tls.CertificatePath))
        {
            if (!File.Exists(tls.CertificatePath))
            {
                errors.Add($"Tls.CertificatePath '{tls.CertificatePath}' does not exist.");
            }

            if (!string.IsNullOrEmpty(tls.KeyPath) && !File.Exists(tls.KeyPath))
            {
                errors.Add($"Tls.KeyPath '{tls.KeyPath}' does not exist.");
            }
        }
        else if (!string.IsNullOrEmpty(tls.KeyPath))
        {
            errors.Add("Tls.KeyPath is set without Tls.CertificatePath.");
        }
        else if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("DataDirectory is empty; the generated TLS certificate needs a place to live.");
        }

        foreach (var path in tls.TrustedCertificatePaths)
        {
            if (!File.Exists(path))
            {
                errors.Add($"Tls.TrustedCertificatePaths: '{path}' does not exist.");
            }
        }
    }

    private static void ValidateWebSocket(SipTransportOptions options, List<string> errors)
    {
        var ws = options.WebSocket;
        Positive(ws.HandshakeTimeout, "WebSocket.HandshakeTimeout", errors);
        if (ws.MaxFrameSize < 0 || ws.MaxFrameSize > options.MaxMessageSize)
        {
            errors.Add($"WebSocket.MaxFrameSize is {ws.MaxFrameSize}; use 0 for MaxMessageSize ({options.MaxMessageSize}) or a size up to it.");
        }

        foreach (var origin in ws.AllowedOrigins)
        {
            if (WebSockets.WebSocketOriginPolicy.Validate(origin) is { } problem)
            {
                errors.Add($"WebSocket.AllowedOrigins: '{origin}': {problem}.");
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
