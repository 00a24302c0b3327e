using System.Text;
using Bridgehead.Management.Web;

namespace Bridgehead.Tests.Management.Web;

public sealed class WebAssetsTests
{
    private readonly WebAssets _assets = new();

    [Theory]
    [InlineData("/", "text/html; charset=utf-8", "/phone.js")]
    [InlineData("/dashboard/", "text/html; charset=utf-8", "/dashboard.js")]
    [InlineData("/", "text/html; charset=utf-8", "/jssip.js")]
    [InlineData("/phone.js", "text/javascript; charset=utf-8", "JsSIP")]
    [InlineData("/jssip.js", "text/javascript; charset=utf-8", "WebSocketInterface")]
    [InlineData("/style.css", "text/css; charset=utf-8", ".meter")]
    public void Find_BuiltPage_IsServedWithItsType(string path, string contentType, string contains)
    {
        var asset = _assets.Find(path, out var redirect);

        Assert.Null(redirect);
        Assert.NotNull(asset);
        Assert.Equal(contentType, asset.ContentType);
        Assert.Contains(contains, Encoding.UTF8.GetString(asset.Content.Span), StringComparison.Ordinal);
        Assert.Matches("^\"[0-9a-f]{32}\"$", asset.ETag);
    }

    [Fact]
    public void Find_FolderWithoutSlash_IsRedirected()
    {
        Assert.Null(_assets.Find("/dashboard", out var redirect));
        Assert.Equal("/dashboard/", redirect);
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/nothing.js")]
    [InlineData("/../Bridgehead.Management.dll")]
    public void Find_UnknownPath_IsNull(string path)
    {
        Assert.Null(_assets.Find(path, out var redirect));
        Assert.Null(redirect);
    }
}
