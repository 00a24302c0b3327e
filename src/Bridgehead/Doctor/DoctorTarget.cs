using System.Net;

namespace Bridgehead.Doctor;

/// <summary>A user the doctor may register (made with `bridgehead user add`).</summary>
internal sealed record DoctorUser(string Name, string Password)
{
    public static bool TryParse(string text, out DoctorUser? user)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        user = colon > 0 && colon < text.Length - 1 ? new DoctorUser(text[..colon], text[(colon + 1)..]) : null;
        return user is not null;
    }
}

/// <summary>The deployment the checklist runs against: where its listeners and control endpoint are, and whom to register.</summary>
internal sealed record DoctorTarget
{
    /// <summary>The edge's SIP over UDP, where softphones register.</summary>
    public required IPEndPoint Sip { get; init; }

    /// <summary>The SIP domain in Request-URIs and addresses of record.</summary>
    public required string Domain { get; init; }

    /// <summary>ws://host:port of the edge's WS listener, when it has one.</summary>
    public Uri? WebSocket { get; init; }

    /// <summary>wss://host:port of the edge's WSS listener, when it has one.</summary>
    public Uri? SecureWebSocket { get; init; }

    /// <summary>The application node's control endpoint and its token, for originate and the switch's view.</summary>
    public Uri? Control { get; init; }

    public string? ControlToken { get; init; }

    public required IReadOnlyList<DoctorUser> Users { get; init; }
}

/// <summary>How the checklist runs.</summary>
internal sealed record DoctorSettings
{
    /// <summary>How long one request or call set-up may take.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long media is measured in a call.</summary>
    public TimeSpan MediaTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a browser's registration is watched for its connection closing early.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The registration expiry the doctor's user agents ask for.</summary>
    public int Expires { get; init; } = 600;

    /// <summary>The Chromium executable (null: /usr/bin/chromium or chromium on PATH, when installed).</summary>
    public string? Chromium { get; init; }

    /// <summary>A browser build of JsSIP (a file).</summary>
    public string? JsSip { get; init; }
}
