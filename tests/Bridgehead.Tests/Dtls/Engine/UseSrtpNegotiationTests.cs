using Bridgehead.Dtls;
using Bridgehead.Dtls.Engine;

namespace Bridgehead.Tests.Dtls.Engine;

public sealed class UseSrtpNegotiationTests
{
    private static readonly SrtpProtectionProfile[] Ours =
        [SrtpProtectionProfile.Aes128CmHmacSha1Tag80, SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag32];

    [Fact]
    public void SelectForServer_ChromiumOffer_FirstOfOurPreference()
    {
        // Chromium 156 offers 0x0001, 0x0008, 0x0007.
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, UseSrtpNegotiation.SelectForServer([0x0001, 0x0008, 0x0007], Ours));
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm,
            UseSrtpNegotiation.SelectForServer([0x0001, 0x0008, 0x0007], [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag80]));
    }

    [Fact]
    public void SelectForServer_NoOverlap_Null() =>
        Assert.Null(UseSrtpNegotiation.SelectForServer([0x0008, 0x0005], Ours));

    [Fact]
    public void CheckServerSelection_OneOfferedProfileEmptyMki_Accepted() =>
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, UseSrtpNegotiation.CheckServerSelection([0x0007], [], Ours));

    [Theory]
    [InlineData(new[] { 0x0008 }, 0)]
    [InlineData(new[] { 0x0001, 0x0007 }, 0)]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 0x0001 }, 4)]
    public void CheckServerSelection_NotOneOfferedProfileOrMki_Null(int[] selected, int mkiLength) =>
        Assert.Null(UseSrtpNegotiation.CheckServerSelection(selected, new byte[mkiLength], Ours));
}
