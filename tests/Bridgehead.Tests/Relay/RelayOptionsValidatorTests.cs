using Bridgehead.Relay;

namespace Bridgehead.Tests.Relay;

public sealed class RelayOptionsValidatorTests
{
    private static IEnumerable<string> Errors(RelayOptions options) =>
        new RelayOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.Empty(Errors(new RelayOptions()));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var options = new RelayOptions
        {
            PortMin = 40000,
            PortMax = 40001,
            MediaTimeout = TimeSpan.Zero,
            WorkerThreads = 0,
            MaxSessions = 0,
            Ng = new RelayNgOptions { Listen = "localhost:2223", MaxCachedReplies = 0 },
        };
        options.Interfaces.Add(new RelayInterfaceOptions { Name = "pub", Address = "10.0.0.1", AdvertisedAddress = "2001:db8::1" });
        options.Interfaces.Add(new RelayInterfaceOptions { Name = "pub", Address = "not-an-address" });

        var errors = Errors(options).ToList();

        Assert.Contains(errors, e => e.Contains("at least two RTP/RTCP pairs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MediaTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("WorkerThreads", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxSessions", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Ng:Listen", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxCachedReplies", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("different families", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not an IP address", StringComparison.Ordinal));
        Assert.Equal(9, errors.Count);
    }

    [Fact]
    public void Validate_WildcardAdvertisedAddress_Refused()
    {
        var options = new RelayOptions();
        options.Interfaces.Add(new RelayInterfaceOptions { Address = "0.0.0.0", AdvertisedAddress = "0.0.0.0" });

        Assert.Contains(Errors(options), e => e.Contains("cannot be a wildcard", StringComparison.Ordinal));
    }
}
