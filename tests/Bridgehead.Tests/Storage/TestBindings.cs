using Bridgehead.Sip;
using Bridgehead.Storage.Location;

namespace Bridgehead.Tests.Storage;

/// <summary>Bindings for store tests. Times are whole milliseconds, which every store keeps exactly.</summary>
internal static class TestBindings
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    /// <summary>A binding with the required fields only; the optional ones keep their defaults.</summary>
    public static BindingRecord Minimal(string aor, string contactUri, DateTimeOffset? expiresAt = null) => new()
    {
        Aor = aor,
        ContactUri = contactUri,
        ExpiresAt = expiresAt ?? Now.AddSeconds(3600),
        CallId = $"{contactUri.GetHashCode(StringComparison.Ordinal):x8}@client",
        CSeq = 1,
        Transport = SipTransportKind.Udp,
        Source = "192.0.2.10:5060",
        LocalListener = "udp:127.0.0.1:5060",
        UpdatedAt = Now,
    };

    /// <summary>A binding with every field set to a value other than its default.</summary>
    public static BindingRecord Full(string aor, string contactUri) => new()
    {
        Aor = aor,
        ContactUri = contactUri,
        Q = 700,
        ExpiresAt = Now.AddSeconds(600),
        CallId = "a84b4c76e66710@pc33.example.com",
        CSeq = 314159,
        Transport = SipTransportKind.Wss,
        Source = "[2001:db8::7]:49152",
        LocalListener = "wss:127.0.0.1:7443",
        ConnectionId = 9_876_543_210,
        InstanceId = "<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>",
        RegId = 2,
        Path = "<sip:edge1.example.com;lr>, <sip:edge2.example.com;lr>",
        UserAgent = "JsSIP 3.10.1",
        Flags = 0x1_0005,
        UpdatedAt = Now.AddMilliseconds(-1),
    };
}
