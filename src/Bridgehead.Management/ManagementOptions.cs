using System.Net;

namespace Bridgehead.Management;

/// <summary>Where the management API listens and where its token is kept (bound from the "Management" section).</summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>The default endpoint: loopback only, so nothing outside the host reaches it unless configured.</summary>
    public const string DefaultListen = "127.0.0.1:8088";

    /// <summary>"host:port" ("127.0.0.1:8088", "[::1]:8088", port 0 for any free port), or "off".</summary>
    public string Listen { get; set; } = DefaultListen;

    /// <summary>The data folder, where the token file and the URL file are written.</summary>
    public string? DataDirectory { get; set; }

    public bool Enabled => !string.Equals(Listen?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <see cref="Listen"/>; false with a reason when it is not an address and port.</summary>
    public static bool TryParseListen(string? text, out IPEndPoint endPoint, out string? error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = null;
        if (string.IsNullOrWhiteSpace(text) || !IPEndPoint.TryParse(text.Trim(), out var parsed) || !text.Contains(':', StringComparison.Ordinal))
        {
            error = $"Management:Listen '{text}' is not an address and port such as 127.0.0.1:8088 (or off).";
            return false;
        }

        if (parsed.Port is < 0 or > 65535)
        {
            error = $"Management:Listen '{text}' has a port outside 0..65535.";
            return false;
        }

        endPoint = parsed;
        return true;
    }
}
