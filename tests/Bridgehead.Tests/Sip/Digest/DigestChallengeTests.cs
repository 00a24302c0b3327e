using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;

namespace Bridgehead.Tests.Sip.Digest;

public sealed class DigestChallengeTests
{
    [Fact]
    public void Write_Sha256NotStale_WritesRfc8760Challenge()
    {
        using var writer = new SipMessageWriter();
        DigestChallenge.Write(writer, "biloxi.com"u8, "abc"u8, DigestAlgorithm.Sha256, stale: false);

        Assert.Equal("Digest realm=\"biloxi.com\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\"", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Write_Md5Stale_AddsStale()
    {
        using var writer = new SipMessageWriter();
        DigestChallenge.Write(writer, "r"u8, "n"u8, DigestAlgorithm.Md5, stale: true);

        Assert.Equal("Digest realm=\"r\", nonce=\"n\", algorithm=MD5, qop=\"auth\", stale=true", Encoding.UTF8.GetString(writer.WrittenSpan));
    }
}
