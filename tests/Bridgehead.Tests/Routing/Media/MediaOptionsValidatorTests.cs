using Bridgehead.Routing.Media;

namespace Bridgehead.Tests.Routing.Media;

public sealed class MediaOptionsValidatorTests
{
    private static IEnumerable<string> Errors(MediaOptions options) => new MediaOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.Empty(Errors(new MediaOptions()));

    [Fact]
    public void Validate_ExternalWithoutNgAddress_NamesMediaNg() =>
        Assert.Contains(Errors(new MediaOptions { Mode = MediaMode.External }), e => e.StartsWith("Media:Ng", StringComparison.Ordinal));

    [Fact]
    public void Validate_ExternalWithAddress_Succeeds() => Assert.Empty(Errors(new MediaOptions { Mode = MediaMode.External, Ng = "127.0.0.1:2223" }));

    [Fact]
    public void Validate_EveryBadSetting_ReportedAtOnce()
    {
        var errors = Errors(new MediaOptions
        {
            Mode = MediaMode.External,
            Ng = "127.0.0.1",
            NgAttempts = 0,
            CommandTimeout = TimeSpan.Zero,
            PlainFlags = " ",
            PublicAddress = "10.0.0.1",
            MaxCalls = 0,
        }).ToList();

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Media:PublicAddress", StringComparison.Ordinal));
    }
}
