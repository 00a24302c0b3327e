namespace Bridgehead.Dtls.Engine;

/// <summary>The use_srtp decisions of RFC 5764 §4.1, apart from the engine so they can be tested alone.</summary>
internal static class UseSrtpNegotiation
{
    /// <summary>
    /// Server side (RFC 5764 §4.1.1): the first profile of our preference that the client
    /// offered, or none. Our order wins over the client's, which RFC 5764 leaves to the server.
    /// </summary>
    public static SrtpProtectionProfile? SelectForServer(ReadOnlySpan<int> offered, IList<SrtpProtectionProfile> preference)
    {
        foreach (var profile in preference)
        {
            if (offered.Contains((int)profile))
            {
                return profile;
            }
        }

        return null;
    }

    /// <summary>
    /// Client side (RFC 5764 §4.1.3): the server must answer exactly one profile, one we offered;
    /// anything else is illegal_parameter. An MKI we did not send is refused the same way,
    /// because the SRTP layer is not given one.
    /// </summary>
    public static SrtpProtectionProfile? CheckServerSelection(ReadOnlySpan<int> selected, ReadOnlySpan<byte> mki, IList<SrtpProtectionProfile> offered)
    {
        if (selected.Length != 1 || !mki.IsEmpty)
        {
            return null;
        }

        foreach (var profile in offered)
        {
            if ((int)profile == selected[0])
            {
                return profile;
            }
        }

        return null;
    }
}
