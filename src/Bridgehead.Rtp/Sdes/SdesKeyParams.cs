using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Rtp.Sdes;

/// <summary>
/// One key-params of an SDES a=crypto attribute (RFC 4568 §6.1):
/// <c>inline:&lt;base64 master key || master salt&gt;[|lifetime][|mki-value:mki-length]</c>, for
/// example <c>inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1</c>. The a=crypto line
/// itself (tag, suite, several key-params, session parameters) is the SDP layer's.
/// </summary>
public sealed record SdesKeyParams
{
    private const string Inline = "inline:";

    public required ReadOnlyMemory<byte> MasterKey { get; init; }

    public required ReadOnlyMemory<byte> MasterSalt { get; init; }

    /// <summary>Packets the key may protect; null when the peer did not say (the suite's default applies).</summary>
    public ulong? Lifetime { get; init; }

    public ulong MkiValue { get; init; }

    /// <summary>MKI length in bytes on the wire; 0 when the key has no MKI.</summary>
    public int MkiLength { get; init; }

    /// <summary>Parses key-params for <paramref name="profile"/>, whose key and salt lengths split the key-salt.</summary>
    public static SdesParseError TryParse(ReadOnlySpan<char> keyParams, SrtpProfile profile, out SdesKeyParams? result)
    {
        result = null;
        var info = SrtpProfiles.Get(profile);
        if (!keyParams.StartsWith(Inline, StringComparison.Ordinal))
        {
            return SdesParseError.NotInline;
        }

        if (keyParams.Count('|') > 2)
        {
            return SdesParseError.TooManyFields;
        }

        var rest = keyParams.Slice(Inline.Length);
        var bar = rest.IndexOf('|');
        var keySalt = bar < 0 ? rest : rest.Slice(0, bar);
        rest = bar < 0 ? [] : rest.Slice(bar + 1);

        var expected = info.MasterKeyLength + info.MasterSaltLength;
        Span<byte> decoded = stackalloc byte[64];
        if (!Convert.TryFromBase64Chars(keySalt, decoded, out var written))
        {
            return keySalt.Length > 88 ? SdesParseError.WrongKeyLength : SdesParseError.BadBase64;
        }

        if (written != expected)
        {
            return SdesParseError.WrongKeyLength;
        }

        ulong? lifetime = null;
        ulong mkiValue = 0;
        var mkiLength = 0;
        var more = bar >= 0;
        while (more)
        {
            bar = rest.IndexOf('|');
            more = bar >= 0;
            var field = more ? rest.Slice(0, bar) : rest;
            rest = more ? rest.Slice(bar + 1) : [];

            // A field with ':' is the MKI and must come last; one without is the lifetime.
            var colon = field.IndexOf(':');
            if (colon >= 0)
            {
                if (more || !TryParseMki(field, colon, out mkiValue, out mkiLength))
                {
                    return SdesParseError.BadMki;
                }
            }
            else if (lifetime is not null || !TryParseLifetime(field, out var value))
            {
                return SdesParseError.BadLifetime;
            }
            else
            {
                lifetime = value;
            }
        }

        result = new SdesKeyParams
        {
            MasterKey = decoded.Slice(0, info.MasterKeyLength).ToArray(),
            MasterSalt = decoded.Slice(info.MasterKeyLength, info.MasterSaltLength).ToArray(),
            Lifetime = lifetime,
            MkiValue = mkiValue,
            MkiLength = mkiLength,
        };
        return SdesParseError.None;
    }

    /// <summary>The MKI as sent in each packet: the value big-endian in <see cref="MkiLength"/> bytes.</summary>
    public byte[] GetMki()
    {
        var mki = new byte[MkiLength];
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, MkiValue);
        var take = Math.Min(8, MkiLength);
        value.Slice(8 - take).CopyTo(mki.AsSpan(MkiLength - take));
        return mki;
    }

    /// <summary>Writes the key-params back; a lifetime that is a power of two is written as 2^n.</summary>
    public string Format()
    {
        var builder = new StringBuilder(Inline);
        Span<byte> keySalt = stackalloc byte[MasterKey.Length + MasterSalt.Length];
        MasterKey.Span.CopyTo(keySalt);
        MasterSalt.Span.CopyTo(keySalt.Slice(MasterKey.Length));
        builder.Append(Convert.ToBase64String(keySalt));
        if (Lifetime is { } lifetime)
        {
            builder.Append('|');
            if (BitOperations.IsPow2(lifetime))
            {
                builder.Append("2^").Append(BitOperations.Log2(lifetime));
            }
            else
            {
                builder.Append(lifetime);
            }
        }

        if (MkiLength > 0)
        {
            builder.Append('|').Append(MkiValue).Append(':').Append(MkiLength);
        }

        return builder.ToString();
    }

    private static bool TryParseLifetime(ReadOnlySpan<char> field, out ulong lifetime)
    {
        lifetime = 0;
        if (field.StartsWith("2^", StringComparison.Ordinal))
        {
            if (!IsDigits(field.Slice(2)) || !int.TryParse(field.Slice(2), NumberStyles.None, CultureInfo.InvariantCulture, out var exponent) || exponent > 63)
            {
                return false;
            }

            lifetime = 1UL << exponent;
            return true;
        }

        return IsDigits(field) && ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out lifetime) && lifetime > 0;
    }

    private static bool TryParseMki(ReadOnlySpan<char> field, int colon, out ulong value, out int length)
    {
        length = 0;
        value = 0;
        var valueText = field.Slice(0, colon);
        var lengthText = field.Slice(colon + 1);
        if (!IsDigits(valueText) || !IsDigits(lengthText) || lengthText.Length > 3
            || !ulong.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length)
            || length is < 1 or > 128)
        {
            length = 0;
            return false;
        }

        // The value must fit in its declared length.
        if (length < 8 && value >> (8 * length) != 0)
        {
            length = 0;
            return false;
        }

        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
