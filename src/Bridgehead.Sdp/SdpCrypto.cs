using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// SDES keying, <c>a=crypto:&lt;tag&gt; &lt;crypto-suite&gt; &lt;key-params&gt; [&lt;session-params&gt;]</c>
/// (RFC 4568 §9.1). The key parameters (<c>inline:&lt;key||salt&gt;[|lifetime][|MKI:length]</c>, possibly
/// several joined by ';') are carried as written; the SRTP layer decodes them.
/// </summary>
public sealed record SdpCrypto(int Tag, string Suite, string KeyParameters, string? SessionParameters = null)
{
    public const string AttributeName = "crypto";

    public static bool TryParse(ReadOnlySpan<char> value, out SdpCrypto crypto)
    {
        crypto = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNextInt(0, 999_999_999, out var tag)
            || !tokens.TryNext(out var suite) || !SdpNumbers.IsToken(suite)
            || !tokens.TryNext(out var keyParams) || !keyParams.Contains(':'))
        {
            return false;
        }

        var session = tokens.Rest;
        crypto = new SdpCrypto(tag, suite.ToString(), keyParams.ToString(), session.IsEmpty ? null : session.ToString());
        return true;
    }

    public override string ToString() => SessionParameters is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {KeyParameters}")
        : string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {KeyParameters} {SessionParameters}");
}
