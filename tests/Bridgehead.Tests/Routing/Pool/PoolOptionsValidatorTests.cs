using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class PoolOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(new PoolOptionsValidator().Validate(null, new PoolOptions()).Succeeded);

    [Fact]
    public void Validate_EveryFault_IsListed()
    {
        var options = new PoolOptions
        {
            DefaultPolicy = "random",
            Sets = { ["1"] = new() { Policy = "resource-load" }, ["x"] = new() },
            NoAnswerTimeout = TimeSpan.FromSeconds(40),
            Rules = [new() { User = "(", Set = 1 }],
        };
        options.Health.ProbeTimeout = TimeSpan.FromSeconds(10);
        options.Health.FailuresToDown = 0;
        options.Health.AliveReplies = ["2xx", "abc"];
        options.LoadBalancer.CallLifetime = TimeSpan.FromSeconds(5);
        options.ReloadInterval = TimeSpan.FromMilliseconds(10);

        var result = new PoolOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Pool:DefaultPolicy", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:Sets:1:Policy", StringComparison.Ordinal) && f.Contains("Group", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:Sets:x", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:NoAnswerTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:Rules:0:User", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:Health:ProbeTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:Health:FailuresToDown", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'abc'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:LoadBalancer:CallLifetime", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pool:ReloadInterval", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2xx", 200, 299)]
    [InlineData("404", 404, 404)]
    public void AliveReply_TryParse_ClassOrCode(string text, int low, int high)
    {
        Assert.True(AliveReply.TryParse(text, out var range));
        Assert.Equal((low, high), range);
    }
}
