using Bridgehead.Sip;
using Bridgehead.Testing;

namespace Bridgehead.Tests.Sip;

/// <summary>
/// Every message of RFC 4475 and RFC 5118, used unchanged, with the verdict its INDEX.md gives.
/// "Valid" means the message parses and passes the checks a proxy relies on; an error is what a
/// request is answered with (400 with that reason, or 505); a dropped response yields no message.
/// Behaviour that depends on routing (416, 420, 401, 483) is covered where the proxy is tested.
/// </summary>
public sealed class TortureMessageTests
{
    public static TheoryData<string, SipParseError> Rfc4475 => new()
    {
        { "wsinv", SipParseError.None },
        { "intmeth", SipParseError.None },
        { "esc01", SipParseError.None },
        { "escnull", SipParseError.None },
        { "esc02", SipParseError.None },
        { "lwsdisp", SipParseError.None },
        { "longreq", SipParseError.None },
        { "dblreq", SipParseError.None },
        { "semiuri", SipParseError.None },
        { "transports", SipParseError.None },
        { "mpart01", SipParseError.None },
        { "unreason", SipParseError.None },
        { "noreason", SipParseError.None },
        { "badinv01", SipParseError.BadVia },
        { "clerr", SipParseError.ContentLengthExceedsDatagram },
        { "ncl", SipParseError.BadContentLength },
        { "scalar02", SipParseError.BadCSeq },
        { "scalarlg", SipParseError.BadCSeq },
        { "quotbal", SipParseError.BadTo },
        { "ltgtruri", SipParseError.BadRequestUri },
        { "lwsruri", SipParseError.BadRequestUri },
        { "lwsstart", SipParseError.BadRequestUri },
        { "trws", SipParseError.BadStartLine },
        { "escruri", SipParseError.BadRequestUri },
        { "baddate", SipParseError.None },
        { "regbadct", SipParseError.BadContact },
        { "badaspec", SipParseError.BadTo },
        { "baddn", SipParseError.BadFrom },
        { "badvers", SipParseError.UnsupportedVersion },
        { "mismatch01", SipParseError.CSeqMethodMismatch },
        { "mismatch02", SipParseError.CSeqMethodMismatch },
        { "bigcode", SipParseError.BadStatusCode },
        { "badbranch", SipParseError.None },
        { "insuf", SipParseError.MissingCallId },
        { "unkscm", SipParseError.None },
        { "novelsc", SipParseError.None },
        { "unksm2", SipParseError.None },
        { "bext01", SipParseError.None },
        { "invut", SipParseError.None },
        { "regaut01", SipParseError.None },
        { "multi01", SipParseError.DuplicateHeader },
        { "mcl01", SipParseError.BadContentLength },
        { "bcast", SipParseError.None },
        { "zeromf", SipParseError.None },
        { "cparam01", SipParseError.None },
        { "cparam02", SipParseError.None },
        { "regescrt", SipParseError.None },
        { "sdp01", SipParseError.None },
        { "inv2543", SipParseError.None },
        { "test", SipParseError.BadStartLine },
    };

    public static TheoryData<string, SipParseError> Rfc5118 => new()
    {
        { "ipv6-good", SipParseError.None },
        { "ipv6-bad", SipParseError.BadRequestUri },
        { "port-ambiguous", SipParseError.None },
        { "port-unambiguous", SipParseError.None },
        { "via-received-param-with-delim", SipParseError.None },
        { "via-received-param-no-delim", SipParseError.None },
        { "ipv6-in-sdp", SipParseError.ContentLengthExceedsDatagram },
        { "content-length-corrected/ipv6-in-sdp", SipParseError.None },
        { "mult-ip-in-header", SipParseError.None },
        { "mult-ip-in-sdp", SipParseError.None },
        { "content-length-corrected/mult-ip-in-sdp", SipParseError.None },
        { "ipv4-mapped-ipv6", SipParseError.None },
        { "content-length-corrected/ipv4-mapped-ipv6", SipParseError.None },
        { "ipv6-bug-abnf-3-colons", SipParseError.BadRequestUri },
        { "ipv6-correct-abnf-2-colons", SipParseError.None },
    };

    [Theory]
    [MemberData(nameof(Rfc4475))]
    public void Rfc4475_Vector_HasItsVerdict(string vector, SipParseError expected) =>
        Assert.Equal(expected, Verdict(TestVectors.Read("rfc4475", vector + ".dat")));

    [Theory]
    [MemberData(nameof(Rfc5118))]
    public void Rfc5118_Vector_HasItsVerdict(string vector, SipParseError expected) =>
        Assert.Equal(expected, Verdict(TestVectors.Read("rfc5118", vector + ".dat")));

    internal static SipParseError Verdict(byte[] data)
    {
        var result = SipMessage.Parse(data);
        if (result.Error != SipParseError.None)
        {
            return result.Error;
        }

        return result.Message!.Validate();
    }
}
