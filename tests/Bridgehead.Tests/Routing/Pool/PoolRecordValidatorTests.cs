using Bridgehead.Routing.Pool;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class PoolRecordValidatorTests
{
    [Fact]
    public void Validate_DispatcherRowOfTheFieldReport_IsValid() =>
        Assert.Empty(PoolRecordValidator.Validate(new DispatcherRecord(0, 1, "sip:172.16.100.10:5060", Weight: 50, Description: "FS1")));

    [Fact]
    public void Validate_Dispatcher_EveryFaultByField()
    {
        var errors = PoolRecordValidator.Validate(new DispatcherRecord(0, -1, "http://x", Weight: -5, Priority: 5000, Description: new string('x', 300) + "\n"));

        Assert.Equal(["description", "priority", "setId", "uri", "weight"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, errors["description"].Length);
    }

    [Theory]
    [InlineData("sip:10.0.0.10")]
    [InlineData("sip:fs1.example.com:5080;transport=tcp")]
    [InlineData("sips:[2001:db8::1]:5061")]
    public void TryParseDestination_Dialable_IsAccepted(string uri) =>
        Assert.True(PoolRecordValidator.TryParseDestination(uri, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.10:5060")]
    [InlineData("tel:+4930123")]
    [InlineData("sip:10.0.0.10:5060;transport=ws")]
    [InlineData("sip:10.0.0.10:99999")]
    public void TryParseDestination_NotDialable_SaysWhy(string uri)
    {
        Assert.False(PoolRecordValidator.TryParseDestination(uri, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Validate_LoadBalancer_ResourceFaultsAreEachListed()
    {
        var errors = PoolRecordValidator.Validate(new LoadBalancerRecord(0, 1, "sip:10.0.0.10", "pstn=x;vm", ProbeMode: 7));

        Assert.Equal(2, errors["resources"].Length);
        Assert.Single(errors["probeMode"]);
    }

    [Fact]
    public void Validate_LoadBalancerRowOfTheFieldReport_IsValid() =>
        Assert.Empty(PoolRecordValidator.Validate(new LoadBalancerRecord(0, 1, "sip:172.16.100.10", "vm=100;conf=100;transc=100;pstn=500", 1, "FS1")));
}
