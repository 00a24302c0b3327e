using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.Sessions;

/// <summary>
/// The options of an offer or answer command, read once into what the relay acts on. Flag words
/// compare as the modules write them (case, and space/hyphen/underscore, do not matter).
/// </summary>
internal sealed record CommandOptions
{
    /// <summary>Profile for the m= line sent on; null keeps the sender's.</summary>
    public string? TransportProtocol { get; init; }

    public NgIceMode? Ice { get; init; }

    public NgDtlsMode? Dtls { get; init; }

    /// <summary>SDES-off: no a=crypto towards the recipient.</summary>
    public bool SdesOff { get; init; }

    /// <summary>SDES suites excluded (SDES-no-&lt;suite&gt;).</summary>
    public IReadOnlyList<string> SdesExcluded { get; init; } = [];

    /// <summary>SDES suites allowed exclusively (SDES-only-&lt;suite&gt;).</summary>
    public IReadOnlyList<string> SdesOnly { get; init; } = [];

    public NgRtcpMux RtcpMux { get; init; }

    public NgReplace Replace { get; init; }

    public bool GenerateMid { get; init; }

    public LatchMode Latching { get; init; }

    public NgCodecOptions? Codec { get; init; }

    public FingerprintHashFunction FingerprintHash { get; init; } = FingerprintHashFunction.Sha256;

    /// <summary>The SIP source address when SDP addresses are not to be trusted.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>media-address: written into SDP instead of the interface's advertised address.</summary>
    public IPAddress? MediaAddress { get; init; }

    public static CommandOptions From(NgSdpCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var protocol = command.TransportProtocol is { } p && !NgFlags.Equal(p, "accept") ? p : null;
        var ice = command.Ice;
        var mux = command.RtcpMux;
        var generateMid = command.HasFlag("generate-mid");
        var sdesOff = false;
        var excluded = new List<string>();
        var only = new List<string>();
        foreach (var word in command.Sdes.Concat(command.Flags.Where(f => f.StartsWith("SDES-", StringComparison.OrdinalIgnoreCase)).Select(f => f[5..])))
        {
            if (NgFlags.Equal(word, "off") || NgFlags.Equal(word, "no") || NgFlags.Equal(word, "disable"))
            {
                sdesOff = true;
            }
            else if (word.StartsWith("no-", StringComparison.OrdinalIgnoreCase))
            {
                excluded.Add(word[3..]);
            }
            else if (word.StartsWith("only-", StringComparison.OrdinalIgnoreCase))
            {
                only.Add(word[5..]);
            }
        }

        // Newer rtpengine's shorthand for everything a browser needs.
        if (command.HasFlag("WebRTC"))
        {
            protocol ??= SdpProtocol.UdpTlsRtpSavpf;
            ice ??= NgIceMode.Force;
            mux |= NgRtcpMux.Offer | NgRtcpMux.Require;
            sdesOff = true;
            generateMid = true;
        }

        var hash = command.DtlsFingerprint is { } name && FingerprintHashFunctions.TryParse(name, out var parsed) ? parsed : FingerprintHashFunction.Sha256;
        return new CommandOptions
        {
            TransportProtocol = protocol,
            Ice = ice,
            Dtls = command.Dtls,
            SdesOff = sdesOff,
            SdesExcluded = excluded,
            SdesOnly = only,
            RtcpMux = mux,
            Replace = command.Replace,
            GenerateMid = generateMid,
            Latching = command.HasFlag("strict-source") ? LatchMode.Strict : command.HasFlag("media-handover") ? LatchMode.Handover : LatchMode.Default,
            Codec = command.Codec,
            FingerprintHash = hash,
            SourceAddress = RemoteMedia.SourceAddress(command),
            MediaAddress = command.MediaAddress is { } media && IPAddress.TryParse(media, out var address) ? address : null,
        };
    }
}
