namespace Bridgehead.Sdp;

/// <summary>
/// Bounds on what the parser accepts. The defaults fit every real offer seen (a Chromium
/// audio+video offer with candidates is under 10 KB and 150 lines) with a wide margin.
/// </summary>
public sealed record SdpParseLimits
{
    public static SdpParseLimits Default { get; } = new();

    public int MaxLength { get; init; } = 64 * 1024;

    public int MaxLines { get; init; } = 2048;

    public int MaxMedia { get; init; } = 64;
}
