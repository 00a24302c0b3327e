using System.Net;
using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class TrustedSourcesTests
{
    [Fact]
    public void Contains_BareAddressAnyPort_AddressPortOnlyThatPort_MappedIpv4AsIpv4()
    {
        var trusted = new TrustedSources(["10.0.0.20", "10.0.0.21:5060", "[2001:db8::1]:5070"]);

        Assert.True(trusted.Contains(IPEndPoint.Parse("10.0.0.20:40000")));
        Assert.True(trusted.Contains(IPEndPoint.Parse("[::ffff:10.0.0.20]:5060")));
        Assert.True(trusted.Contains(IPEndPoint.Parse("10.0.0.21:5060")));
        Assert.False(trusted.Contains(IPEndPoint.Parse("10.0.0.21:5061")));
        Assert.True(trusted.Contains(IPEndPoint.Parse("[2001:db8::1]:5070")));
        Assert.False(trusted.Contains(IPEndPoint.Parse("10.0.0.22:5060")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("switch1")]
    [InlineData("10.0.0.20:0")]
    [InlineData("10.0.0.0/24")]
    public void TryParse_NotAnAddress_False(string text) => Assert.False(TrustedSources.TryParse(text, out _));

    [Fact]
    public void Validator_ReportsABadTrustedEntry()
    {
        var result = new PoolOptionsValidator().Validate(null, new PoolOptions { Trusted = ["10.0.0.20", "switch1"] });

        Assert.True(result.Failed);
        Assert.Contains("Pool:Trusted entry 'switch1'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("path=0", false)]
    [InlineData("socket=udp:10.0.0.1:5060; PATH=No", false)]
    [InlineData("path=yes", true)]
    [InlineData("path=maybe", null)]
    [InlineData("", null)]
    public void PathAttribute_YesNoOrNothing(string attributes, bool? expected) => Assert.Equal(expected, PoolRouter.PathAttribute(attributes));
}
