using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class PoolRuleTests
{
    private static PoolRule Compile(PoolRuleOptions options)
    {
        var errors = new List<string>();
        var rule = PoolRule.Compile(options, "rule", errors);
        Assert.Empty(errors);
        return rule!;
    }

    [Fact]
    public void CompileAll_NoRules_EveryCallToSet1()
    {
        var rules = PoolRule.CompileAll([], []);
        var rule = Assert.Single(rules);
        Assert.Equal(1, rule.Set);
        Assert.True(rule.Matches(PoolTestData.Request(user: "+4930123456")));
        Assert.True(rule.Matches(PoolTestData.Request(method: "MESSAGE")));
    }

    [Theory]
    [InlineData("9000", true)]
    [InlineData("9999", true)]
    [InlineData("90001", false)]
    [InlineData("1000", false)]
    public void Matches_UserPattern_IsAnchoredAsWritten(string user, bool expected) =>
        Assert.Equal(expected, Compile(new() { User = "^9\\d{3}$", Set = 2 }).Matches(PoolTestData.Request(user: user)));

    [Fact]
    public void Matches_EscapedUser_IsMatchedUnescaped() =>
        Assert.True(Compile(new() { User = "^\\+49", Set = 2 }).Matches(PoolTestData.Request(user: "%2B4930123")));

    [Fact]
    public void Matches_Domain_IsCaseInsensitive() =>
        Assert.True(Compile(new() { Domain = "^EXAMPLE\\.com$", Set = 2 }).Matches(PoolTestData.Request()));

    [Fact]
    public void Matches_Methods_OnlyThoseListed()
    {
        var rule = Compile(new() { Methods = ["invite"], Set = 2 });
        Assert.True(rule.Matches(PoolTestData.Request()));
        Assert.False(rule.Matches(PoolTestData.Request(method: "MESSAGE")));
    }

    [Fact]
    public void Compile_GroupRule_CarriesItsResources()
    {
        var rule = Compile(new() { User = "^0\\d+", Group = 3, Resources = "pstn;transc" });
        Assert.Equal(3, rule.Group);
        Assert.Null(rule.Set);
        Assert.Equal(["pstn", "transc"], rule.Resources);
    }

    [Fact]
    public void Compile_EveryFault_IsReported()
    {
        var errors = new List<string>();
        var rule = PoolRule.Compile(new() { User = "(unclosed", Domain = "(?<=look)behind", Methods = ["REGISTER", "FOO"], Set = 1, Group = 2 }, "Pool:Rules:0", errors);

        Assert.Null(rule);
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Pool:Rules:0", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_GroupWithoutResources_AndSetWithResources_AreErrors()
    {
        var errors = new List<string>();
        PoolRule.Compile(new() { Group = 1 }, "a", errors);
        PoolRule.Compile(new() { Set = 1, Resources = "pstn" }, "b", errors);
        PoolRule.Compile(new(), "c", errors);
        Assert.Equal(3, errors.Count);
    }
}
