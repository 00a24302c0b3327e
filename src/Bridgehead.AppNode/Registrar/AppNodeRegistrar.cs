using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;
using Microsoft.Extensions.Options;

namespace Bridgehead.AppNode.Registrar;

/// <summary>
/// Accepts REGISTERs as a switch does when the edge forwards them (RFC 3261 §10.3): stores each
/// Contact with the REGISTER's Path (RFC 3327) so the node can call the user back through the
/// edge, answers 200 with every current Contact and its expiry, and echoes the Path. An edge
/// that rewrites the Contact to itself instead of adding Path works too: the Contact then
/// already leads through the edge. Digest challenges (MD5, qop=auth) are optional.
/// </summary>
public sealed class AppNodeRegistrar
{
    private readonly AppNodeRegistrarOptions _options;
    private readonly NonceCodec _nonces;
    private readonly string _userAgent;

    public AppNodeRegistrar(IOptions<AppNodeOptions> options, RegistrationTable table)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Registrar;
        _userAgent = options.Value.UserAgent;
        Table = table;
        _nonces = new NonceCodec(RandomNumberGenerator.GetBytes(32));
    }

    public RegistrationTable Table { get; }

    /// <summary>Handles a validated REGISTER; returns the response to send.</summary>
    public byte[] Register(SipMessage request, in SipDestination source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var to = request.To;
        if (!to.Uri.IsSip || !to.Uri.HasUser)
        {
            return Reply(request, source, 404, "Not Found");
        }

        var user = to.Uri.UserText;
        if (_options.Authenticate && Authenticate(request, user, now) is { } challenge)
        {
            return Challenge(request, source, challenge.Realm, challenge.Stale, now);
        }

        // Contacts of the request, each with the expiry it asks for.
        var defaultExpires = request.FirstValue(HeaderId.Expires) is { IsEmpty: false } e && SipText.TryParseInt32(SipText.TrimLws(e), out var ev) ? ev : _options.DefaultExpires;
        var contacts = new List<(string Uri, int Expires)>();
        var wildcard = false;
        foreach (var value in request.Values(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(value.Memory, out var contact, allowWildcard: true))
            {
                return Reply(request, source, 400, "Bad Contact");
            }

            if (contact.IsWildcard)
            {
                wildcard = true;
                continue;
            }

            var expires = contact.TryGetParameter("expires"u8, out var p) && SipText.TryParseInt32(p.Span, out var pv) ? pv : defaultExpires;
            contacts.Add((Encoding.UTF8.GetString(contact.UriText.Span), expires));
        }

        if (wildcard && (contacts.Count > 0 || defaultExpires != 0))
        {
            // RFC 3261 §10.3 step 6: "*" only alone and only with Expires: 0.
            return Reply(request, source, 400, "Invalid Wildcard Contact");
        }

        foreach (var (_, expires) in contacts)
        {
            if (expires > 0 && expires < _options.MinExpires)
            {
                return Reply(request, source, 423, "Interval Too Brief", minExpires: _options.MinExpires);
            }
        }

        var paths = new List<string>();
        foreach (var value in request.Values(HeaderId.Path))
        {
            paths.Add(Encoding.UTF8.GetString(value.Span));
        }

        var callId = Encoding.UTF8.GetString(request.CallId.Span);
        var sequence = request.CSeq.Number;
        var userAgent = request.FirstValue(HeaderId.UserAgent) is { IsEmpty: false } ua ? Encoding.UTF8.GetString(ua) : null;
        var from = source;
        var outcome = Table.Update(user, now, bindings =>
        {
            if (wildcard)
            {
                bindings.Clear();
                return 200;
            }

            foreach (var (uri, expires) in contacts)
            {
                var index = bindings.FindIndex(b => SameContact(b.ContactUri, uri));
                if (index >= 0 && bindings[index].CallId == callId && bindings[index].Sequence >= sequence)
                {
                    // RFC 3261 §10.3 step 7: an older or repeated REGISTER of the same registration.
                    return 500;
                }

                if (index >= 0)
                {
                    bindings.RemoveAt(index);
                }

                if (expires > 0)
                {
                    var lifetime = Math.Min(expires, _options.MaxExpires);
                    bindings.Insert(0, new Registration(user, uri, paths, now.AddSeconds(lifetime), callId, sequence, from, userAgent));
                }
            }

            if (bindings.Count > _options.MaxContacts)
            {
                bindings.RemoveRange(_options.MaxContacts, bindings.Count - _options.MaxContacts);
                return 403;
            }

            return 200;
        });

        if (outcome == 500)
        {
            return Reply(request, source, 500, "Out Of Order Registration");
        }

        if (outcome == 403)
        {
            return Reply(request, source, 403, "Too Many Contacts");
        }

        // 200 lists every current binding with its remaining time (RFC 3261 §10.3 step 8) and
        // echoes Path (RFC 3327 §5.3).
        using var writer = SipResponses.Start(request, 200, "OK"u8, source.EndPoint);
        foreach (var binding in Table.Lookup(user, now))
        {
            writer.Write("Contact: <"u8).Write(binding.ContactUri).Write(">;expires="u8).WriteDecimal(binding.SecondsLeft(now)).WriteCrlf();
        }

        foreach (var path in paths)
        {
            writer.WriteHeader(HeaderId.Path, path);
        }

        writer.WriteHeader(HeaderId.Date, now);
        writer.WriteHeader(HeaderId.Server, _userAgent);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    /// <summary>URIs compare by their text without case in scheme and host (good enough for re-registrations of one UA).</summary>
    private static bool SameContact(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private (string Realm, bool Stale)? Authenticate(SipMessage request, string user, DateTimeOffset now)
    {
        var realm = string.IsNullOrEmpty(_options.Realm) ? request.Uri.HostText : _options.Realm;
        var header = request.FirstValueMemory(HeaderId.Authorization);
        if (header.IsEmpty || !DigestCredentials.TryParse(header, out var credentials))
        {
            return (realm, false);
        }

        if (!_nonces.TryVerify(credentials.Nonce.Span, out var issued))
        {
            return (realm, false);
        }

        if (now - issued > TimeSpan.FromMinutes(5))
        {
            return (realm, true);
        }

        if (credentials.UsernameText != user || !_options.Users.TryGetValue(user, out var password) || credentials.RealmText != realm)
        {
            return (realm, false);
        }

        var ha1 = DigestMath.Ha1(DigestAlgorithm.Md5, user, realm, password);
        Span<byte> expected = stackalloc byte[64];
        var n = DigestMath.Response(DigestAlgorithm.Md5, Encoding.ASCII.GetBytes(ha1), "REGISTER"u8, credentials.Uri.Span, credentials.Nonce.Span, credentials.NonceCount.Span, credentials.Cnonce.Span, credentials.Qop.Span, expected);
        return DigestMath.FixedTimeEquals(expected[..n], credentials.Response.Span) ? null : (realm, false);
    }

    private byte[] Challenge(SipMessage request, in SipDestination source, string realm, bool stale, DateTimeOffset now)
    {
        Span<byte> nonce = stackalloc byte[NonceCodec.EncodedLength];
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var n = _nonces.Create(now, random, nonce);
        using var writer = SipResponses.Start(request, 401, "Unauthorized"u8, source.EndPoint, "reg"u8);
        writer.Write("WWW-Authenticate: "u8);
        DigestChallenge.Write(writer, Encoding.UTF8.GetBytes(realm), nonce[..n], DigestAlgorithm.Md5, stale);
        writer.WriteCrlf();
        writer.WriteHeader(HeaderId.Server, _userAgent);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    private byte[] Reply(SipMessage request, in SipDestination source, int status, string reason, int minExpires = 0)
    {
        using var writer = SipResponses.Start(request, status, reason, source.EndPoint, "reg"u8);
        if (minExpires > 0)
        {
            writer.WriteHeader(HeaderId.MinExpires, minExpires);
        }

        writer.WriteHeader(HeaderId.Server, _userAgent);
        writer.WriteBody(default);
        return writer.ToArray();
    }
}
