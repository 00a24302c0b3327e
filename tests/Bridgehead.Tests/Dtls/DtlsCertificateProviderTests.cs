using Bridgehead.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Dtls;

public sealed class DtlsCertificateProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetCertificate_PerProcess_SameUntilRenewal()
    {
        var clock = new FakeTimeProvider(Now);
        var provider = new DtlsCertificateProvider(new DtlsCertificateOptions { Validity = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(1) }, clock);

        var first = provider.GetCertificate();
        clock.Advance(TimeSpan.FromDays(8.9));
        var stillFirst = provider.GetCertificate();
        clock.Advance(TimeSpan.FromDays(0.2));
        var renewed = provider.GetCertificate();

        Assert.Same(first, stillFirst);
        Assert.NotSame(first, renewed);
        Assert.Equal(clock.GetUtcNow().AddDays(10).Ticks / TimeSpan.TicksPerSecond, renewed.NotAfter.Ticks / TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void GetCertificate_PerCall_FreshEachTime()
    {
        var provider = new DtlsCertificateProvider(new DtlsCertificateOptions { Lifetime = DtlsCertificateLifetime.PerCall }, new FakeTimeProvider(Now));

        Assert.NotEqual(provider.GetCertificate().Fingerprint, provider.GetCertificate().Fingerprint);
    }

    [Fact]
    public void GetCertificate_TwoProviders_DoNotShare()
    {
        var clock = new FakeTimeProvider(Now);

        var a = new DtlsCertificateProvider(new DtlsCertificateOptions(), clock).GetCertificate();
        var b = new DtlsCertificateProvider(new DtlsCertificateOptions(), clock).GetCertificate();

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
    }
}
