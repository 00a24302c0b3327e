using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipMethodsTests
{
    public static TheoryData<SipMethod> KnownMethods()
    {
        var data = new TheoryData<SipMethod>();
        foreach (var m in Enum.GetValues<SipMethod>())
        {
            if (m != SipMethod.Unknown)
            {
                data.Add(m);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KnownMethods))]
    public void Identify_Name_RoundTrips(SipMethod method)
    {
        Assert.Equal(method, SipMethods.Identify(method.Name()));
        Assert.Equal(method.ToText(), Text(method.Name()));
        Assert.Equal(SipMethod.Unknown, SipMethods.Identify(Bytes(method.ToText().ToLowerInvariant())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("INVITES")]
    [InlineData("INVIT")]
    [InlineData("Invite")]
    public void Identify_OtherToken_IsUnknown(string token) =>
        Assert.Equal(SipMethod.Unknown, SipMethods.Identify(Bytes(token)));

    [Fact]
    public void Name_Unknown_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SipMethod.Unknown.Name().ToArray());
}
