using System.Globalization;

namespace Bridgehead.Ng;

/// <summary>
/// The flag strings of Kamailio's and OpenSIPS's rtpengine modules
/// (<c>rtpengine_offer("replace-origin trust-address ICE=force RTP/AVP")</c>), turned into typed
/// options the way the modules build their dictionaries (ng-protocol §4). The relay applies it
/// to <c>rtpp_flags</c> (newer modules let the daemon parse the string); the edge can let
/// operators write the strings they already know.
/// </summary>
public static class NgFlagString
{
    private static readonly string[] Protocols = ["RTP/AVP", "RTP/SAVP", "RTP/AVPF", "RTP/SAVPF", "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF"];

    /// <summary>Applies the command's own <c>rtpp_flags</c> and clears it.</summary>
    public static NgSdpCommand ApplyRtppFlags(NgSdpCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.RtppFlags is { } flags ? Apply(command, flags) with { RtppFlags = null } : command;
    }

    /// <summary>
    /// Merges a flag string into a command: list options are appended to, single options are
    /// replaced. Words it cannot type become generic flags, as the modules do.
    /// </summary>
    public static T Apply<T>(T command, string flags)
        where T : NgSdpCommand
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(flags);
        NgSdpCommand result = command;
        foreach (var token in flags.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            result = ApplyToken(result, token);
        }

        return (T)result;
    }

    private static NgSdpCommand ApplyToken(NgSdpCommand c, string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            return ApplyKeyValue(c, token[..eq], token[(eq + 1)..], token);
        }

        if (Array.IndexOf(Protocols, token.ToUpperInvariant()) >= 0)
        {
            return c with { TransportProtocol = token.ToUpperInvariant() };
        }

        if (TryPrefix(token, "replace-", out var replace) && NgOptionWords.ParseReplace(replace) is { } r)
        {
            return c with { Replace = c.Replace | r };
        }

        if (TryPrefix(token, "rtcp-mux-", out var mux) && NgOptionWords.ParseRtcpMux(mux) is { } m)
        {
            return c with { RtcpMux = c.RtcpMux | m };
        }

        if (TryPrefix(token, "SDES-", out var sdes))
        {
            return c with { Sdes = [.. c.Sdes, sdes] };
        }

        if (TryPrefix(token, "OSRTP-", out var osrtp))
        {
            return c with { Osrtp = [.. c.Osrtp, osrtp] };
        }

        if (TryPrefix(token, "codec-", out var codec) && ApplyCodec(c, codec) is { } withCodec)
        {
            return withCodec;
        }

        // Shorthands for direction=internal / direction=external (two-interface set-ups).
        if (NgFlags.Equal(token, "internal") || NgFlags.Equal(token, "external"))
        {
            return c with { Direction = [.. c.Direction, token.ToLowerInvariant()] };
        }

        return c with { Flags = [.. c.Flags, token] };
    }

    private static NgSdpCommand ApplyKeyValue(NgSdpCommand c, string key, string value, string token) => NgValues.Fold(key) switch
    {
        "ice" when NgOptionWords.ParseIce(value) is { } ice => c with { Ice = ice },
        "ice-lite" when NgOptionWords.ParseIceLite(value) is { } lite => c with { IceLite = lite },
        "dtls" when NgOptionWords.ParseDtls(value) is { } dtls => c with { Dtls = dtls },
        "dtls-fingerprint" => c with { DtlsFingerprint = value },
        "address-family" => c with { AddressFamily = value },
        "media-address" => c with { MediaAddress = value },
        "direction" => c with { Direction = [.. c.Direction, value] },
        "from-interface" => c with { FromInterface = value },
        "to-interface" => c with { ToInterface = value },
        "via-branch" => c with { ViaBranch = value },
        "call-id" => c with { CallId = value },
        "from-tag" => c with { FromTag = value },
        "to-tag" => c with { ToTag = value },
        "label" => c with { Label = value },
        "set-label" => c with { SetLabel = value },
        "metadata" => c with { Metadata = value },
        "record-call" => c with { RecordCall = value },
        "xmlrpc-callback" => c with { XmlrpcCallback = value },
        "transport-protocol" => c with { TransportProtocol = value },
        "received-from" => c with { ReceivedFrom = new NgAddress(value.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", value) },
        "ptime" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ptime) => c with { Ptime = ptime },
        "ptime-reverse" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var reverse) => c with { PtimeReverse = reverse },
        _ => c with { Flags = [.. c.Flags, token] },
    };

    private static NgSdpCommand? ApplyCodec(NgSdpCommand c, string rest)
    {
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == rest.Length - 1)
        {
            return null;
        }

        var codec = rest[(dash + 1)..];
        var options = c.Codec ?? new NgCodecOptions();
        options = NgValues.Fold(rest[..dash]) switch
        {
            "strip" => options with { Strip = [.. options.Strip, codec] },
            "offer" => options with { Offer = [.. options.Offer, codec] },
            "transcode" => options with { Transcode = [.. options.Transcode, codec] },
            "mask" => options with { Mask = [.. options.Mask, codec] },
            "consume" => options with { Consume = [.. options.Consume, codec] },
            "accept" => options with { Accept = [.. options.Accept, codec] },
            "except" => options with { Except = [.. options.Except, codec] },
            "ignore" => options with { Ignore = [.. options.Ignore, codec] },
            "set" => options with { Set = [.. options.Set, codec] },
            _ => null,
        };
        return options is null ? null : c with { Codec = options };
    }

    private static bool TryPrefix(string token, string prefix, out string rest)
    {
        if (token.Length > prefix.Length && token.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            rest = token[prefix.Length..];
            return true;
        }

        rest = string.Empty;
        return false;
    }
}
