namespace Bridgehead.Stun;

/// <summary>ERROR-CODE values used by Binding and ICE (RFC 8489 §14.8, RFC 8445 §16.1), with their reason phrases.</summary>
public static class StunErrorCode
{
    public const int TryAlternate = 300;
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;
    public const int StaleNonce = 438;
    public const int RoleConflict = 487;
    public const int ServerError = 500;

    /// <summary>The RFC's suggested reason phrase, or "Error" for a code it does not name.</summary>
    public static string GetReasonPhrase(int code) => code switch
    {
        TryAlternate => "Try Alternate",
        BadRequest => "Bad Request",
        Unauthorized => "Unauthorized",
        UnknownAttribute => "Unknown Attribute",
        StaleNonce => "Stale Nonce",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        _ => "Error",
    };
}
