using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;
using Bridgehead.Storage.Subscribers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Auth;

/// <summary>
/// Digest authentication of users against the subscriber table (RFC 3261 §22, RFC 8760): MD5 and
/// SHA-256 with qop=auth, stateless nonces that expire, nonce-counts that cannot be replayed.
/// Subscribers are cached briefly so a call does not cost a database read.
/// </summary>
public sealed partial class DigestAuthenticator
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    private readonly ISubscriberStore _subscribers;
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;
    private readonly ILogger<DigestAuthenticator> _logger;
    private readonly NonceCodec _nonces;
    private readonly NonceTracker _tracker = new();
    private readonly ConcurrentDictionary<string, (SubscriberRecord? Record, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly DigestAlgorithm[] _algorithms;
    private readonly byte[] _realm;
    private long _purgeAfter;

    public DigestAuthenticator(ISubscriberStore subscribers, TimeProvider time, IOptions<AuthOptions> options, IOptions<ProxyOptions> proxy, ILogger<DigestAuthenticator> logger)
    {
        _subscribers = subscribers;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _nonces = new NonceCodec(RandomNumberGenerator.GetBytes(32));
        Realm = RealmFor(_options, proxy.Value);
        _realm = Encoding.UTF8.GetBytes(Realm);
        _algorithms = [.. _options.Algorithms.Select(a => DigestAlgorithms.TryParse(Encoding.ASCII.GetBytes(a), out var alg) ? alg : throw new OptionsValidationException("Auth", typeof(AuthOptions), [$"unknown digest algorithm {a}"]))];
    }

    public bool Enabled => _options.Enabled;

    public string Realm { get; }

    /// <summary>The realm subscribers' HA1 are computed with: the configured one, else the first domain, else "bridgehead".</summary>
    public static string RealmFor(AuthOptions auth, ProxyOptions proxy) =>
        !string.IsNullOrWhiteSpace(auth.Realm) ? auth.Realm : proxy.Domains.Count > 0 ? proxy.Domains[0] : "bridgehead";

    /// <summary>Checks the request's credentials for our realm (Authorization, or Proxy-Authorization when proxying).</summary>
    public async ValueTask<AuthResult> CheckAsync(SipMessage request, bool proxy, CancellationToken cancellationToken)
    {
        var header = proxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization;
        DigestCredentials credentials = default;
        var found = false;
        foreach (ref readonly var h in request.Headers)
        {
            if (h.Id == header && DigestCredentials.TryParse(request.ValueMemory(h), out var c) && c.Realm.Span.SequenceEqual(_realm))
            {
                credentials = c;
                found = true;
                break;
            }
        }

        if (!found)
        {
            return new AuthResult(AuthStatus.Challenge);
        }

        var now = _time.GetUtcNow();
        if (!_nonces.TryVerify(credentials.Nonce.Span, out var issuedAt))
        {
            return new AuthResult(AuthStatus.Challenge);
        }

        if (now - issuedAt > _options.NonceLifetime)
        {
            return new AuthResult(AuthStatus.Stale);
        }

        if (!DigestAlgorithms.TryParse(credentials.AlgorithmToken.Span, out var algorithm) || Array.IndexOf(_algorithms, algorithm) < 0)
        {
            return new AuthResult(AuthStatus.Challenge);
        }

        var hasQop = !credentials.Qop.IsEmpty;
        if (hasQop && (!Ascii.EqualsIgnoreCase(credentials.Qop.Span, "auth"u8) || credentials.Cnonce.IsEmpty || credentials.NonceCount.IsEmpty))
        {
            return new AuthResult(AuthStatus.Challenge);
        }

        long nc = 1;
        if (hasQop && !long.TryParse(Encoding.ASCII.GetString(credentials.NonceCount.Span), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out nc))
        {
            return new AuthResult(AuthStatus.Challenge);
        }

        var username = credentials.UsernameText;
        var subscriber = await FindAsync(username, cancellationToken).ConfigureAwait(false);
        if (subscriber is null)
        {
            Log.UnknownUser(_logger, username);
            return new AuthResult(AuthStatus.Challenge);
        }

        var ha1 = algorithm == DigestAlgorithm.Md5 ? subscriber.Ha1Md5 : subscriber.Ha1Sha256;
        Span<byte> expected = stackalloc byte[64];
        var n = DigestMath.Response(
            algorithm,
            Encoding.ASCII.GetBytes(ha1),
            request.MethodToken,
            credentials.Uri.Span,
            credentials.Nonce.Span,
            credentials.NonceCount.Span,
            credentials.Cnonce.Span,
            credentials.Qop.Span,
            expected);
        if (!DigestMath.FixedTimeEquals(expected[..n], LowerHex(credentials.Response.Span, stackalloc byte[credentials.Response.Length])))
        {
            Log.WrongCredentials(_logger, username);
            return new AuthResult(AuthStatus.Challenge);
        }

        // Only a correct response consumes the nonce-count, so a forged one cannot burn it.
        if (!_tracker.TryAccept(Encoding.ASCII.GetString(credentials.Nonce.Span), nc, issuedAt))
        {
            return new AuthResult(AuthStatus.Stale);
        }

        PurgeNoncesNowAndThen(now);
        return new AuthResult(AuthStatus.Authorized, username);
    }

    /// <summary>
    /// The Proxy-Authorization lines meant for this edge's realm: consumed here, not forwarded
    /// (RFC 3261 §22.3), so the user's credentials never reach the next hop.
    /// </summary>
    public IReadOnlyList<int> OwnCredentials(SipMessage request)
    {
        List<int>? own = null;
        var headers = request.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id == HeaderId.ProxyAuthorization
                && DigestCredentials.TryParse(request.ValueMemory(headers[i]), out var c) && c.Realm.Span.SequenceEqual(_realm))
            {
                (own ??= []).Add(i);
            }
        }

        return own is null ? [] : own;
    }

    /// <summary>Writes one challenge header per offered algorithm, strongest first (RFC 8760 §2.4).</summary>
    public void WriteChallenges(SipMessageWriter writer, HeaderId header, bool stale)
    {
        Span<byte> nonce = stackalloc byte[NonceCodec.EncodedLength];
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var n = _nonces.Create(_time.GetUtcNow(), random, nonce);
        foreach (var algorithm in _algorithms)
        {
            writer.Write(KnownHeaders.Name(header)).Write(": "u8);
            DigestChallenge.Write(writer, _realm, nonce[..n], algorithm, stale);
            writer.WriteCrlf();
        }
    }

    /// <summary>Whether a subscriber of this name exists (404 versus 480 for an unregistered user).</summary>
    public async ValueTask<bool> IsSubscriberAsync(string username) => await FindAsync(username, CancellationToken.None).ConfigureAwait(false) is not null;

    private async ValueTask<SubscriberRecord?> FindAsync(string username, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(username, out var cached) && cached.Expires > now)
        {
            return cached.Record;
        }

        var record = await _subscribers.FindAsync(username, Realm, cancellationToken).ConfigureAwait(false);
        _cache[username] = (record, now + CacheLifetime);
        return record;
    }

    private void PurgeNoncesNowAndThen(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var due = Interlocked.Read(ref _purgeAfter);
        if (ticks < due || Interlocked.CompareExchange(ref _purgeAfter, ticks + _options.NonceLifetime.Ticks, due) != due)
        {
            return;
        }

        _tracker.Purge(now - _options.NonceLifetime);
    }

    private static ReadOnlySpan<byte> LowerHex(ReadOnlySpan<byte> hex, Span<byte> buffer)
    {
        for (var i = 0; i < hex.Length; i++)
        {
            buffer[i] = (byte)(hex[i] is >= (byte)'A' and <= (byte)'F' ? hex[i] | 0x20 : hex[i]);
        }

        return buffer;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Authentication for unknown user {Username}")]
        public static partial void UnknownUser(ILogger logger, string username);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Wrong credentials for {Username}")]
        public static partial void WrongCredentials(ILogger logger, string username);
    }
}
