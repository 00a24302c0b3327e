namespace Bridgehead.Routing.Auth;

public enum AuthStatus : byte
{
    Authorized,

    /// <summary>No usable credentials: send a challenge.</summary>
    Challenge,

    /// <summary>The nonce is too old or was replayed: challenge again with stale=true (RFC 7616 §3.3).</summary>
    Stale,

    Forbidden,
}

public readonly record struct AuthResult(AuthStatus Status, string? Username = null);
