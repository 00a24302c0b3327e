using System.Security.Cryptography;
using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.Security;

/// <summary>
/// One SDES master key (RFC 4568): the crypto suite, key, salt and MKI of an a=crypto line, ours
/// or the peer's. Ours are drawn from the relay's random number generator per leg and direction.
/// </summary>
internal sealed class SdesKey
{
    private SdesKey(int tag, SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] mki)
    {
        Tag = tag;
        Profile = profile;
        MasterKey = masterKey;
        MasterSalt = masterSalt;
        Mki = mki;
    }

    /// <summary>The a=crypto tag that names this key in the offer/answer.</summary>
    public int Tag { get; }

    public SrtpProfile Profile { get; }

    public ReadOnlyMemory<byte> MasterKey { get; }

    public ReadOnlyMemory<byte> MasterSalt { get; }

    public ReadOnlyMemory<byte> Mki { get; }

    public string SuiteName => SrtpProfiles.Get(Profile).Name;

    public static SdesKey Generate(int tag, SrtpProfile profile, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var info = SrtpProfiles.Get(profile);
        var key = new byte[info.MasterKeyLength];
        var salt = new byte[info.MasterSaltLength];
        random.GetBytes(key);
        random.GetBytes(salt);
        return new SdesKey(tag, profile, key, salt, []);
    }

    /// <summary>The key of a peer's a=crypto line, when its suite is one we implement and its key-params read.</summary>
    public static SdesKey? FromCrypto(SdpCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        if (!SrtpProfiles.TryGetBySdesName(crypto.Suite, out var info))
        {
            return null;
        }

        // Several key-params may follow each other (';'); the first is the one in use (RFC 4568 §6.1).
        var keyParams = crypto.KeyParameters.AsSpan();
        var semicolon = keyParams.IndexOf(';');
        if (semicolon >= 0)
        {
            keyParams = keyParams[..semicolon];
        }

        return SdesKeyParams.TryParse(keyParams, info.Profile, out var parsed) == SdesParseError.None && parsed is not null
            ? new SdesKey(crypto.Tag, info.Profile, parsed.MasterKey.ToArray(), parsed.MasterSalt.ToArray(), parsed.GetMki())
            : null;
    }

    public static bool Same(SdesKey? a, SdesKey? b) =>
        a is null ? b is null
        : b is not null && a.Profile == b.Profile && a.MasterKey.Span.SequenceEqual(b.MasterKey.Span)
          && a.MasterSalt.Span.SequenceEqual(b.MasterSalt.Span) && a.Mki.Span.SequenceEqual(b.Mki.Span);

    public SrtpContext CreateContext() =>
        new(Profile, MasterKey.Span, MasterSalt.Span, Mki.IsEmpty ? null : new SrtpPolicy { Mki = Mki });

    /// <summary>This key as an a=crypto value, under another tag when answering the peer's.</summary>
    public SdpCrypto ToCrypto(int? tag = null) =>
        new(tag ?? Tag, SuiteName, new SdesKeyParams { MasterKey = MasterKey, MasterSalt = MasterSalt }.Format());

    public SdesKey WithTag(int tag) => new(tag, Profile, MasterKey.ToArray(), MasterSalt.ToArray(), Mki.ToArray());
}
