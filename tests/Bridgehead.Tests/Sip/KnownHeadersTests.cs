using System.Text;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Sip;

public sealed class KnownHeadersTests
{
    public static TheoryData<HeaderId> AllIds()
    {
        var data = new TheoryData<HeaderId>();
        for (var id = HeaderId.Via; id < HeaderId.Count; id++)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Identify_CanonicalName_RoundTripsInAnyCase(HeaderId id)
    {
        var name = KnownHeaders.Name(id).ToArray();

        Assert.Equal(id, KnownHeaders.Identify(name));
        Assert.Equal(id, KnownHeaders.Identify(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(name).ToUpperInvariant())));
        Assert.Equal(id, KnownHeaders.Identify(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(name).ToLowerInvariant())));
    }

    [Theory]
    [InlineData("Call-Id", HeaderId.CallId)]
    [InlineData("CALL-ID", HeaderId.CallId)]
    [InlineData("www-authenticate", HeaderId.WwwAuthenticate)]
    [InlineData("cseq", HeaderId.CSeq)]
    [InlineData("Flow-Timer", HeaderId.Flow)]
    public void Identify_CaseVariant_IsKnown(string name, HeaderId expected) =>
        Assert.Equal(expected, KnownHeaders.Identify(Encoding.ASCII.GetBytes(name)));

    [Theory]
    [InlineData("")]
    [InlineData("n")]
    [InlineData("z")]
    [InlineData("1")]
    [InlineData("Vias")]
    [InlineData("Vi")]
    [InlineData("C%6Fntact")]
    [InlineData("X-Custom")]
    [InlineData("Content-Lengthy")]
    [InlineData("A-Very-Long-Header-Name-Longer-Than-Any-Known-One")]
    public void Identify_OtherName_IsUnknown(string name) =>
        Assert.Equal(HeaderId.Unknown, KnownHeaders.Identify(Encoding.ASCII.GetBytes(name)));

    [Fact]
    public void Identify_NonAsciiBytes_IsUnknown()
    {
        Assert.Equal(HeaderId.Unknown, KnownHeaders.Identify([0xD6]));
        Assert.Equal(HeaderId.Unknown, KnownHeaders.Identify([0xF6, 0x69, 0x61]));
    }

    [Fact]
    public void Name_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownHeaders.Name(HeaderId.Count).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownHeaders.Name(HeaderId.Unknown).ToArray());
    }

    [Theory]
    [InlineData(HeaderId.From, true)]
    [InlineData(HeaderId.To, true)]
    [InlineData(HeaderId.CallId, true)]
    [InlineData(HeaderId.CSeq, true)]
    [InlineData(HeaderId.MaxForwards, true)]
    [InlineData(HeaderId.ContentLength, true)]
    [InlineData(HeaderId.ContentType, true)]
    [InlineData(HeaderId.Expires, true)]
    [InlineData(HeaderId.Via, false)]
    [InlineData(HeaderId.Contact, false)]
    [InlineData(HeaderId.Route, false)]
    [InlineData(HeaderId.Unknown, false)]
    public void IsSingleValued_Header_FollowsRfc3261(HeaderId id, bool expected) =>
        Assert.Equal(expected, KnownHeaders.IsSingleValued(id));
}
