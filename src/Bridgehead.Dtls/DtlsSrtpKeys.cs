namespace Bridgehead.Dtls;

/// <summary>
/// SRTP master keys and salts derived from a DTLS handshake, already sorted into this side's
/// sending ("local") and receiving ("remote") direction. The SRTP layer encrypts what this side
/// sends with the local key and salt and decrypts what the peer sends with the remote ones.
/// </summary>
public sealed class DtlsSrtpKeys
{
    private DtlsSrtpKeys(SrtpProtectionProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    /// <summary>The negotiated protection profile.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Master key for SRTP/SRTCP this side sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    /// <summary>Master salt for SRTP/SRTCP this side sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    /// <summary>Master key for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    /// <summary>Master salt for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>
    /// Splits exported keying material per RFC 5764 §4.2: client_write_SRTP_master_key |
    /// server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt.
    /// The DTLS client sends with the client half, so <paramref name="role"/> picks which half is local.
    /// </summary>
    /// <returns><see langword="null"/> when the material is not exactly the profile's length.</returns>
    public static DtlsSrtpKeys? FromKeyingMaterial(SrtpProtectionProfile profile, DtlsRole role, ReadOnlySpan<byte> keyingMaterial)
    {
        if (!SrtpProtectionProfiles.IsSupported((int)profile) || keyingMaterial.Length != profile.KeyingMaterialLength())
        {
            return null;
        }

        var keyLength = profile.MasterKeyLength();
        var saltLength = profile.MasterSaltLength();
        var clientKey = keyingMaterial[..keyLength].ToArray();
        var serverKey = keyingMaterial.Slice(keyLength, keyLength).ToArray();
        var clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
