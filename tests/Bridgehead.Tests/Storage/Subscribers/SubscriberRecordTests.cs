using Bridgehead.Storage.Subscribers;

namespace Bridgehead.Tests.Storage.Subscribers;

public sealed class SubscriberRecordTests
{
    // RFC 2617 §3.5's example: HA1 = MD5("Mufasa:testrealm@host.com:Circle Of Life").
    private static readonly SubscriberRecord Mufasa = new(
        "Mufasa",
        "testrealm@host.com",
        "939e7578ed9e3c518a452acee763bce9",
        new string('0', 64),
        new string('f', 64),
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void Validate_LowerCaseHexOfTheRightLengths_HasNoError()
    {
        Assert.Empty(Mufasa.Validate());
        Mufasa.ThrowIfInvalid();
    }

    [Fact]
    public void Validate_UpperCaseHex_IsAnError()
    {
        var errors = (Mufasa with { Ha1Md5 = "939E7578ED9E3C518A452ACEE763BCE9" }).Validate();

        Assert.Contains("Ha1Md5", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryFieldWrong_ListsEveryError()
    {
        var errors = new SubscriberRecord("", "", "Circle Of Life", "", new string('a', 63), DateTimeOffset.UnixEpoch).Validate();

        Assert.Collection(
            errors,
            e => Assert.Contains("Username", e, StringComparison.Ordinal),
            e => Assert.Contains("Domain", e, StringComparison.Ordinal),
            e => Assert.Contains("Ha1Md5", e, StringComparison.Ordinal),
            e => Assert.Contains("Ha1Sha256", e, StringComparison.Ordinal),
            e => Assert.Contains("Ha1Sha512_256", e, StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowIfInvalid_Invalid_ThrowsNamingTheSubscriber()
    {
        var error = Assert.Throws<ArgumentException>(() => (Mufasa with { Ha1Sha256 = "xyz" }).ThrowIfInvalid());

        Assert.Contains("Mufasa@testrealm@host.com", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ha1Sha256", error.Message, StringComparison.Ordinal);
    }
}
