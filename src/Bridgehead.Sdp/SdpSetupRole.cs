namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=setup</c> (RFC 4145 §4, used for DTLS by RFC 5763 §5): who opens the connection. An offerer
/// says actpass; the answerer picks active or passive (browsers answer active).
/// </summary>
public enum SdpSetupRole
{
    Active,
    Passive,
    ActPass,
    HoldConn,
}

public static class SdpSetupRoleExtensions
{
    public const string AttributeName = "setup";

    public static string ToAttributeValue(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(ReadOnlySpan<char> value, out SdpSetupRole role)
    {
        role = value.Trim(" \t") switch
        {
            "active" => SdpSetupRole.Active,
            "passive" => SdpSetupRole.Passive,
            "actpass" => SdpSetupRole.ActPass,
            "holdconn" => SdpSetupRole.HoldConn,
            _ => (SdpSetupRole)(-1),
        };
        return role >= 0;
    }
}
