using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class LoadBalancerResourcesTests
{
    [Fact]
    public void TryParse_OpenSipsRowOfTheFieldReport_ReadsEveryCapacity()
    {
        // The load_balancer row of the seed: ('1', '1', 'sip:172.16.100.10', 'vm=100;conf=100;transc=100;pstn=500', '1', 'FS1').
        Assert.True(LoadBalancerResources.TryParse("vm=100;conf=100;transc=100;pstn=500", out var r, out var errors));

        Assert.Empty(errors);
        Assert.Equal(["vm", "conf", "transc", "pstn"], r.Capacities.Select(c => c.Key));
        Assert.Equal(500, r.CapacityOf("pstn"));
        Assert.Equal(-1, r.CapacityOf("fax"));
        Assert.Equal("vm=100;conf=100;transc=100;pstn=500", r.ToString());
    }

    [Fact]
    public void TryParse_SpacesAroundParts_AreIgnored()
    {
        Assert.True(LoadBalancerResources.TryParse(" pstn = 5 ; vm=0 ", out var r, out _));
        Assert.Equal(5, r.CapacityOf("pstn"));
        Assert.Equal(0, r.CapacityOf("vm"));
    }

    [Fact]
    public void TryParse_SeveralFaults_ReportsEachOne()
    {
        Assert.False(LoadBalancerResources.TryParse("pstn=5;pstn=6;vm;x y=1;conf=-1;;tr=fs://10.0.0.1", out _, out var errors));

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.Contains("'pstn' is given twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'vm' has no '=capacity'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'x y' is not a resource name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'-1' is not a whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("empty entry", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not supported", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_Nothing_IsAnError(string? text)
    {
        Assert.False(LoadBalancerResources.TryParse(text, out _, out var errors));
        Assert.Single(errors);
    }

    [Fact]
    public void TryParseRequest_Names_AreSplitOnSemicolons()
    {
        Assert.True(LoadBalancerResources.TryParseRequest("vm;transc", out var names, out _));
        Assert.Equal(["vm", "transc"], names);
    }

    [Fact]
    public void TryParseRequest_RepeatedOrBadNames_AreEachReported()
    {
        Assert.False(LoadBalancerResources.TryParseRequest("vm;vm;a=b", out _, out var errors));
        Assert.Equal(2, errors.Count);
    }
}
