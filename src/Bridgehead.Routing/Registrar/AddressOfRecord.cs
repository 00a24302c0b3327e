using Bridgehead.Sip;

namespace Bridgehead.Routing.Registrar;

/// <summary>
/// The key bindings are stored under (RFC 3261 §10.3 step 5): the user part of a SIP URI,
/// unescaped (so sip:%75ser@… and sip:user@… are one AOR, §19.1.4), plus "@host" when the
/// registrar runs in multi-domain mode.
/// </summary>
public static class AddressOfRecord
{
    /// <summary>Builds the AOR key of a SIP or SIPS URI; false for other schemes or a URI without a user.</summary>
    public static bool TryCreate(in SipUri uri, bool multiDomain, out string aor)
    {
        if (!uri.IsSip || !uri.HasUser)
        {
            aor = "";
            return false;
        }

        var user = uri.UserText;
        aor = multiDomain ? $"{user}@{LocalAddresses.HostKey(uri.Host.Span)}" : user;
        return true;
    }

    /// <summary>The user part of an AOR key.</summary>
    public static string User(string aor)
    {
        var at = aor.LastIndexOf('@');
        return at < 0 ? aor : aor[..at];
    }
}
