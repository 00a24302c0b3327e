using Bridgehead.Sip.Transport.WebSockets;

namespace Bridgehead.Tests.Transport.WebSockets;

public sealed class WebSocketOriginPolicyTests
{
    [Theory]
    [InlineData("https://agents.example.com", true)]
    [InlineData("HTTPS://Agents.Example.com", true)]
    [InlineData("https://a.b.example.org", true)]
    [InlineData("https://example.org", false)]
    [InlineData("http://a.example.org", false)]
    [InlineData("https://agents.example.com.evil.net", false)]
    [InlineData(null, true)]
    public void IsAllowed_AgainstExactAndWildcardEntries(string? origin, bool allowed)
    {
        var policy = new WebSocketOriginPolicy(["https://agents.example.com/", "https://*.example.org"]);

        Assert.Equal(allowed, policy.IsAllowed(origin));
    }

    [Fact]
    public void IsAllowed_EmptyListOrStar_AdmitsEveryOrigin()
    {
        Assert.True(new WebSocketOriginPolicy([]).IsAllowed("https://anything.example"));
        Assert.True(new WebSocketOriginPolicy(["*"]).IsAllowed("https://anything.example"));
    }

    [Theory]
    [InlineData("https://agents.example.com", true)]
    [InlineData("*", true)]
    [InlineData("agents.example.com", false)]
    [InlineData("https://agents.example.com/phone", false)]
    public void Validate_EntriesMustBeOrigins(string entry, bool ok)
    {
        Assert.Equal(ok, WebSocketOriginPolicy.Validate(entry) is null);
    }
}
