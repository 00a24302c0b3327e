namespace Bridgehead.Management.Web;

/// <summary>One file of the web phone or dashboard, held in memory with its validator.</summary>
/// <param name="Path">The URL path it answers ("/", "/phone.js", "/dashboard/").</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ETag">A strong validator from its SHA-256.</param>
public sealed record WebAsset(string Path, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
