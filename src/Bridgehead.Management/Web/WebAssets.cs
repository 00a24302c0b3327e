using System.Reflection;
using System.Security.Cryptography;

namespace Bridgehead.Management.Web;

/// <summary>
/// The web phone and dashboard: pages from web/src and scripts bundled into wwwroot/, embedded in this
/// assembly, so the server needs no folder beside it and no CDN. "index.html" in a folder answers
/// for the folder's path; the folder without its slash is redirected to it.
/// </summary>
public sealed class WebAssets
{
    private const string Prefix = "wwwroot/";

    private readonly Dictionary<string, WebAsset> _byPath = new(StringComparer.Ordinal);

    public WebAssets()
        : this(typeof(WebAssets).Assembly)
    {
    }

    internal WebAssets(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var relative = name[Prefix.Length..];
            var path = "/" + (relative.EndsWith("index.html", StringComparison.Ordinal) ? relative[..^"index.html".Length] : relative);
            _byPath[path] = new WebAsset(path, ContentTypeOf(relative), bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        }
    }

    /// <summary>Every path served.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>The asset at a request path; <paramref name="redirect"/> is set instead for a folder asked for without its slash.</summary>
    public WebAsset? Find(string path, out string? redirect)
    {
        ArgumentNullException.ThrowIfNull(path);
        redirect = null;
        if (_byPath.TryGetValue(path, out var asset))
        {
            return asset;
        }

        if (!path.EndsWith('/') && _byPath.ContainsKey(path + "/"))
        {
            redirect = path + "/";
        }

        return null;
    }

    private static string ContentTypeOf(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
