using Bridgehead.AppNode;

namespace Bridgehead.Tests.AppNode;

public sealed class OriginateRequestTests
{
    [Theory]
    [InlineData("user/1000", "echo", null, CallApplicationKind.Echo, null)]
    [InlineData("user/1000@example.com", "&echo()", null, CallApplicationKind.Echo, null)]
    [InlineData("user/1000", "playback", "/tmp/a.wav", CallApplicationKind.Playback, "/tmp/a.wav")]
    [InlineData("user/1000", "&playback(/tmp/b.wav)", null, CallApplicationKind.Playback, "/tmp/b.wav")]
    [InlineData("sip:1000@127.0.0.1:5070", "tone", null, CallApplicationKind.Tone, null)]
    public void TryParse_FreeSwitchAndPlainForms_AreRead(string target, string app, string? file, CallApplicationKind kind, string? expectedFile)
    {
        var words = file is null ? new[] { target, app } : new[] { target, app, file };
        Assert.True(OriginateRequest.TryParse(words, out var request, out var error), error);
        Assert.Equal(new OriginateRequest(target, kind, expectedFile), request);
    }

    [Theory]
    [InlineData("1000", "echo")]
    [InlineData("user/", "echo")]
    [InlineData("user/10 00", "echo")]
    [InlineData("user/1000", "park")]
    [InlineData("user/1000", "echo", "x.wav")]
    public void TryParse_Malformed_SaysWhy(string target, string app, string? file = null)
    {
        var words = file is null ? new[] { target, app } : new[] { target, app, file };
        Assert.False(OriginateRequest.TryParse(words, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
