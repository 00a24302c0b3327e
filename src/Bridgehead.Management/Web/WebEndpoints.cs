using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bridgehead.Management.Web;

/// <summary>
/// Serves the web phone ("/") and the dashboard ("/dashboard/") from <see cref="WebAssets"/>:
/// GET and HEAD, a strong ETag with 304, and a policy that lets the pages load only their own
/// files and open WebSockets (the phone may be pointed at another edge).
/// </summary>
public static class WebEndpoints
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder app, WebAssets assets)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(assets);
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => Serve(http, assets));
        app.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => Serve(http, assets));
        return app;
    }

    internal static IResult Serve(HttpContext http, WebAssets assets)
    {
        var asset = assets.Find(http.Request.Path.Value ?? "/", out var redirect);
        if (redirect is not null)
        {
            return Results.Redirect(redirect + http.Request.QueryString);
        }

        if (asset is null)
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(asset.ETag, StringComparison.Ordinal)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (HttpMethods.IsHead(http.Request.Method))
        {
            headers.ContentLength = asset.Content.Length;
            headers.ContentType = asset.ContentType;
            return Results.Empty;
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
