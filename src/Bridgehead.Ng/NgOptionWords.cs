namespace Bridgehead.Ng;

/// <summary>
/// The words of the ng option vocabulary and the typed options they stand for. Reading is
/// forgiving (case, and space/hyphen/underscore, do not matter); writing uses the spellings of
/// rtpengine's documentation.
/// </summary>
public static class NgOptionWords
{
    public static NgIceMode? ParseIce(string word) => NgValues.Fold(word) switch
    {
        "default" => NgIceMode.Default,
        "remove" => NgIceMode.Remove,
        "force" => NgIceMode.Force,
        "force-relay" => NgIceMode.ForceRelay,
        "optional" => NgIceMode.Optional,
        _ => null,
    };

    public static string ToWord(this NgIceMode mode) => mode switch
    {
        NgIceMode.Default => "default",
        NgIceMode.Remove => "remove",
        NgIceMode.Force => "force",
        NgIceMode.ForceRelay => "force-relay",
        NgIceMode.Optional => "optional",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static NgIceLiteMode? ParseIceLite(string word) => NgValues.Fold(word) switch
    {
        "off" => NgIceLiteMode.Off,
        "forward" => NgIceLiteMode.Forward,
        "backward" => NgIceLiteMode.Backward,
        "both" => NgIceLiteMode.Both,
        _ => null,
    };

    public static string ToWord(this NgIceLiteMode mode) => mode switch
    {
        NgIceLiteMode.Off => "off",
        NgIceLiteMode.Forward => "forward",
        NgIceLiteMode.Backward => "backward",
        NgIceLiteMode.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static NgDtlsMode? ParseDtls(string word) => NgValues.Fold(word) switch
    {
        "off" or "no" or "disable" or "disabled" => NgDtlsMode.Off,
        "passive" => NgDtlsMode.Passive,
        "active" => NgDtlsMode.Active,
        _ => null,
    };

    public static string ToWord(this NgDtlsMode mode) => mode switch
    {
        NgDtlsMode.Off => "off",
        NgDtlsMode.Passive => "passive",
        NgDtlsMode.Active => "active",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static NgRtcpMux? ParseRtcpMux(string word) => NgValues.Fold(word) switch
    {
        "offer" => NgRtcpMux.Offer,
        "require" => NgRtcpMux.Require,
        "demux" => NgRtcpMux.Demux,
        "accept" => NgRtcpMux.Accept,
        "reject" => NgRtcpMux.Reject,
        _ => null,
    };

    public static IReadOnlyList<string> ToWords(this NgRtcpMux mux)
    {
        var words = new List<string>();
        if (mux.HasFlag(NgRtcpMux.Offer))
        {
            words.Add("offer");
        }

        if (mux.HasFlag(NgRtcpMux.Require))
        {
            words.Add("require");
        }

        if (mux.HasFlag(NgRtcpMux.Demux))
        {
            words.Add("demux");
        }

        if (mux.HasFlag(NgRtcpMux.Accept))
        {
            words.Add("accept");
        }

        if (mux.HasFlag(NgRtcpMux.Reject))
        {
            words.Add("reject");
        }

        return words;
    }

    public static NgReplace? ParseReplace(string word) => NgValues.Fold(word) switch
    {
        "origin" => NgReplace.Origin,
        "origin-full" => NgReplace.OriginFull,
        "session-connection" or "session-c-line" => NgReplace.SessionConnection,
        "username" => NgReplace.Username,
        "session-name" => NgReplace.SessionName,
        "sdp-version" => NgReplace.SdpVersion,
        "force-increment-sdp-ver" => NgReplace.ForceIncrementSdpVersion,
        "zero-address" => NgReplace.ZeroAddress,
        _ => null,
    };

    public static IReadOnlyList<string> ToWords(this NgReplace replace)
    {
        var words = new List<string>();
        foreach (var (flag, word) in ReplaceWords)
        {
            if (replace.HasFlag(flag))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static readonly (NgReplace Flag, string Word)[] ReplaceWords =
    [
        (NgReplace.Origin, "origin"),
        (NgReplace.OriginFull, "origin-full"),
        (NgReplace.SessionConnection, "session-connection"),
        (NgReplace.Username, "username"),
        (NgReplace.SessionName, "session-name"),
        (NgReplace.SdpVersion, "SDP-version"),
        (NgReplace.ForceIncrementSdpVersion, "force-increment-sdp-ver"),
        (NgReplace.ZeroAddress, "zero-address"),
    ];
}
