using Bridgehead.Sip;
using Bridgehead.Sip.Transport;

namespace Bridgehead.AppNode;

/// <summary>Checks the node's settings and lists every problem at once.</summary>
public static class AppNodeOptionsValidator
{
    public static List<string> Check(AppNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!ListenAddress.TryParse(options.Listen, out var listen, out var listenError))
        {
            errors.Add($"AppNode:Listen: {listenError}");
        }
        else if (listen.Transport.IsWebSocket())
        {
            errors.Add("AppNode:Listen: the node speaks SIP as a switch does (udp, tcp or tls), not WebSocket");
        }

        if (!string.IsNullOrWhiteSpace(options.Edge) && !(SipUri.TryParse(options.Edge, out var edge) && edge.IsSip))
        {
            errors.Add($"AppNode:Edge '{options.Edge}' is not a sip: URI such as sip:127.0.0.1:5060");
        }

        if (!string.IsNullOrWhiteSpace(options.MediaAddress) && !System.Net.IPAddress.TryParse(options.MediaAddress, out _))
        {
            errors.Add($"AppNode:MediaAddress '{options.MediaAddress}' is not an IP address");
        }

        if (options.RtpPortMin < 1024 || options.RtpPortMax > 65535 || options.RtpPortMax - options.RtpPortMin < 1)
        {
            errors.Add($"AppNode:RtpPortMin..RtpPortMax ({options.RtpPortMin}..{options.RtpPortMax}) must hold at least one even/odd pair within 1024..65535");
        }

        if (options.Registrar.MinExpires > options.Registrar.MaxExpires)
        {
            errors.Add("AppNode:Registrar:MinExpires is above MaxExpires");
        }

        if (options.Registrar.Authenticate && options.Registrar.Users.Count == 0)
        {
            errors.Add("AppNode:Registrar:Authenticate is on but no Users are configured");
        }

        var extensions = new[] { options.EchoExtension, options.PlaybackExtension, options.ToneExtension };
        if (extensions.Any(string.IsNullOrWhiteSpace) || extensions.Distinct(StringComparer.Ordinal).Count() != extensions.Length)
        {
            errors.Add("AppNode: the echo, playback and tone extensions must be set and differ");
        }

        try
        {
            Hosting.AppNodeHost.ParseControl(options.Control);
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (!string.IsNullOrWhiteSpace(options.PlaybackFile) && !File.Exists(options.PlaybackFile))
        {
            errors.Add($"AppNode:PlaybackFile '{options.PlaybackFile}' does not exist");
        }

        return errors;
    }
}
