using System.Buffers;

namespace Bridgehead.Storage.Subscribers;

/// <summary>
/// A subscriber digest authentication knows: the HA1 of each algorithm a challenge may offer
/// (RFC 7616 §3.4.2: HA1 = H(username ":" realm ":" password), realm being the domain), as
/// lower-case hex. The caller computes them; storage never sees a password.
/// </summary>
/// <param name="Username">The user part; compared exactly (it is case-sensitive in SIP URIs).</param>
/// <param name="Domain">The domain, also the digest realm; compared ASCII case-insensitively.</param>
/// <param name="Ha1Md5">MD5 HA1: 32 lower-case hex digits.</param>
/// <param name="Ha1Sha256">SHA-256 HA1: 64 lower-case hex digits.</param>
/// <param name="Ha1Sha512_256">SHA-512/256 HA1: 64 lower-case hex digits, or null where that algorithm is not offered.</param>
/// <param name="CreatedAt">When the subscriber was first added; an update keeps the first value.</param>
public sealed record SubscriberRecord(
    string Username,
    string Domain,
    string Ha1Md5,
    string Ha1Sha256,
#pragma warning disable CA1707 // The algorithm is called SHA-512/256 (RFC 7616 §3.2); the underscore stands for its slash.
    string? Ha1Sha512_256,
#pragma warning restore CA1707
    DateTimeOffset CreatedAt)
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Every problem with this record, or an empty list when it can be stored.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Username))
        {
            errors.Add("Username is empty.");
        }

        if (string.IsNullOrEmpty(Domain))
        {
            errors.Add("Domain is empty.");
        }

        CheckHex(errors, nameof(Ha1Md5), Ha1Md5, 32);
        CheckHex(errors, nameof(Ha1Sha256), Ha1Sha256, 64);
        if (Ha1Sha512_256 is not null)
        {
            CheckHex(errors, nameof(Ha1Sha512_256), Ha1Sha512_256, 64);
        }
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem; stores call it before writing.</summary>
    /// <exception cref="ArgumentException">Lists every problem found.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Subscriber '{Username}@{Domain}': {string.Join(" ", errors)}");
        }
    }

    private static void CheckHex(List<string> errors, string name, string? value, int length)
    {
        if (value is null || value.Length != length || value.AsSpan().ContainsAnyExcept(LowerHex))
        {
            errors.Add($"{name} must be {length} lower-case hex digits.");
        }
    }
}
