using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing.Auth;

/// <summary>
/// Digest authentication of local users (RFC 3261 §22, RFC 8760): 401 for REGISTER, 407 for
/// INVITE, SHA-256 and MD5 challenges, responses computed as a client does, stale and replayed
/// nonces, identity checks.
/// </summary>
public sealed partial class DigestAuthenticationTests : IDisposable
{
    private const string Password = "s3cret-alice";
    private readonly TestSipEdge _edge = new(auth: a => a.Enabled = true);

    public DigestAuthenticationTests()
    {
        _edge.AddSubscriberAsync("alice", Password).GetAwaiter().GetResult();
        _edge.AddSubscriberAsync("bob", "bobs-password").GetAwaiter().GetResult();
    }

    public void Dispose() => _edge.Dispose();

    private readonly record struct Challenge(string Realm, string Nonce, string Algorithm, string Qop, bool Stale);

    [GeneratedRegex("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))")]
    private static partial Regex DigestParameter();

    private static List<Challenge> Challenges(SipMessage response, HeaderId header)
    {
        var result = new List<Challenge>();
        foreach (var h in response.Headers)
        {
            if (h.Id != header)
            {
                continue;
            }

            var value = Encoding.UTF8.GetString(response.Value(h));
            Assert.StartsWith("Digest ", value, StringComparison.Ordinal);
            var p = DigestParameter().Matches(value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, StringComparer.OrdinalIgnoreCase);
            result.Add(new Challenge(p["realm"], p["nonce"], p["algorithm"], p["qop"], p.TryGetValue("stale", out var stale) && stale == "true"));
        }

        return result;
    }

    /// <summary>The Authorization value a client computes for a challenge (qop=auth).</summary>
    private static string Credentials(Challenge challenge, string method, string uri, string username = "alice", string password = Password, string nc = "00000001", string cnonce = "0a4f113b")
    {
        var algorithm = challenge.Algorithm == "MD5" ? DigestAlgorithm.Md5 : DigestAlgorithm.Sha256;
        var ha1 = DigestMath.Ha1(algorithm, username, challenge.Realm, password);
        var response = DigestMath.Response(algorithm, ha1, method, uri, challenge.Nonce, nc, cnonce, "auth");
        return $"Digest username=\"{username}\", realm=\"{challenge.Realm}\", nonce=\"{challenge.Nonce}\", uri=\"{uri}\", " +
            $"response=\"{response}\", algorithm={challenge.Algorithm}, cnonce=\"{cnonce}\", qop=auth, nc={nc}";
    }

    private static SipMessageBuilder AliceRegister(uint cseq = 1, string callId = "reg@198.51.100.10", string user = "alice") =>
        SipMessageBuilder.Request("REGISTER", "sip:example.com", from: $"sip:{user}@example.com", to: $"sip:{user}@example.com", cseq: cseq)
            .Set("Call-ID", callId).Set("Contact", $"<sip:{user}@{Alice}>");

    private SentMessage Send(SipMessageBuilder request, string from = Alice)
    {
        _edge.Sender.Clear();
        _edge.Receive(request, _edge.Udp(from));
        return _edge.ResponsesTo(from)[^1];
    }

    private Challenge RegisterChallenge(string algorithm = "SHA-256") =>
        Challenges(Send(AliceRegister()).Message, HeaderId.WwwAuthenticate).Single(c => c.Algorithm == algorithm);

    [Fact]
    public void RegisterWithoutCredentials_Gets401WithMd5ThenSha256Challenges()
    {
        var response = Send(AliceRegister());

        Assert.Equal(401, response.Status);
        var challenges = Challenges(response.Message, HeaderId.WwwAuthenticate);
        Assert.Equal(["MD5", "SHA-256"], challenges.Select(c => c.Algorithm));
        Assert.All(challenges, c => Assert.Equal("example.com", c.Realm));
        Assert.All(challenges, c => Assert.Equal("auth", c.Qop));
        Assert.All(challenges, c => Assert.False(c.Stale));
        Assert.Empty(_edge.Table.Lookup("alice"));
    }

    [Fact]
    public void InviteFromLocalUserWithoutCredentials_Gets407()
    {
        _edge.RegisterBobAuthenticated();

        var response = Send(Invite());

        Assert.Equal(407, response.Status);
        Assert.Equal(["MD5", "SHA-256"], Challenges(response.Message, HeaderId.ProxyAuthenticate).Select(c => c.Algorithm));
        Assert.Empty(_edge.RequestsTo(Bob));
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public void RegisterWithCorrectResponse_IsAccepted(string algorithm)
    {
        var challenge = RegisterChallenge(algorithm);

        var response = Send(AliceRegister(cseq: 2).Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com")));

        Assert.Equal(200, response.Status);
        Assert.Single(_edge.Table.Lookup("alice"));
    }

    [Fact]
    public void InviteWithCorrectProxyAuthorization_IsForwarded()
    {
        _edge.RegisterBobAuthenticated();
        var challenge = Challenges(Send(Invite()).Message, HeaderId.ProxyAuthenticate)[0];

        var retry = Invite().Set("CSeq", "2 INVITE").Add("Proxy-Authorization", Credentials(challenge, "INVITE", "sip:bob@example.com"));
        _edge.Sender.Clear();
        _edge.Receive(retry, _edge.Udp(Alice));

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Invite));
        Assert.Equal([100], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void InviteWithCorrectProxyAuthorization_IsForwardedWithoutTheCredentials()
    {
        _edge.RegisterBobAuthenticated();
        var challenge = Challenges(Send(Invite()).Message, HeaderId.ProxyAuthenticate)[0];

        var retry = Invite().Set("CSeq", "2 INVITE")
            .Add("Proxy-Authorization", Credentials(challenge, "INVITE", "sip:bob@example.com"))
            .Add("Proxy-Authorization", "Digest username=\"alice\", realm=\"upstream.example.net\", nonce=\"n\", uri=\"sip:bob@example.com\", response=\"r\"");
        _edge.Sender.Clear();
        _edge.Receive(retry, _edge.Udp(Alice));

        // RFC 3261 §22.3: credentials for our realm are consumed here; other realms pass on.
        var forwarded = _edge.RequestsTo(Bob, SipMethod.Invite).Single().Message;
        var remaining = forwarded.Headers.ToArray().Where(h => h.Id == HeaderId.ProxyAuthorization).ToList();
        Assert.Single(remaining);
        Assert.Contains("upstream.example.net", System.Text.Encoding.UTF8.GetString(forwarded.Value(remaining[0])), StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPassword_IsChallengedAgain()
    {
        var challenge = RegisterChallenge();

        var response = Send(AliceRegister(cseq: 2).Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com", password: "guess")));

        Assert.Equal(401, response.Status);
        Assert.All(Challenges(response.Message, HeaderId.WwwAuthenticate), c => Assert.False(c.Stale));
        Assert.Empty(_edge.Table.Lookup("alice"));
    }

    [Fact]
    public void UnknownUser_IsChallengedAgain()
    {
        var challenge = RegisterChallenge();

        var response = Send(AliceRegister(cseq: 2, user: "mallory").Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com", username: "mallory")));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public void NonceFromAnotherServer_IsChallengedAgain()
    {
        var forged = new Challenge("example.com", "bm90LWEtbm9uY2UtdGhpcy1zZXJ2ZXItaXNzdWVkLWl0", "SHA-256", "auth", false);

        var response = Send(AliceRegister().Add("Authorization", Credentials(forged, "REGISTER", "sip:example.com")));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public void ExpiredNonce_IsChallengedWithStaleTrue()
    {
        var challenge = RegisterChallenge();
        _edge.Advance(_edge.Auth.NonceLifetime + TimeSpan.FromSeconds(1));

        var response = Send(AliceRegister(cseq: 2).Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com")));

        Assert.Equal(401, response.Status);
        Assert.All(Challenges(response.Message, HeaderId.WwwAuthenticate), c => Assert.True(c.Stale));
    }

    [Fact]
    public void NonceWithinItsLifetime_IsAccepted()
    {
        var challenge = RegisterChallenge();
        _edge.Advance(_edge.Auth.NonceLifetime - TimeSpan.FromSeconds(1));

        Assert.Equal(200, Send(AliceRegister(cseq: 2).Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com"))).Status);
    }

    [Fact]
    public void ReplayedNonceCount_IsRejectedAndAHigherOneAccepted()
    {
        var challenge = RegisterChallenge();
        var credentials = Credentials(challenge, "REGISTER", "sip:example.com");
        Assert.Equal(200, Send(AliceRegister(cseq: 2).Add("Authorization", credentials)).Status);

        // The same Authorization replayed on a new request.
        var replay = Send(AliceRegister(cseq: 3).Add("Authorization", credentials));
        Assert.Equal(401, replay.Status);
        Assert.All(Challenges(replay.Message, HeaderId.WwwAuthenticate), c => Assert.True(c.Stale));

        var next = Credentials(challenge, "REGISTER", "sip:example.com", nc: "00000002");
        Assert.Equal(200, Send(AliceRegister(cseq: 4).Add("Authorization", next)).Status);
    }

    [Fact]
    public void CredentialsWithoutQop_AreAcceptedOnceOnly()
    {
        // RFC 2069-style clients: response = H(HA1:nonce:HA2), no nc, so the nonce is good for one request.
        var challenge = RegisterChallenge("MD5");
        var ha1 = DigestMath.Ha1(DigestAlgorithm.Md5, "alice", challenge.Realm, Password);
        var digest = DigestMath.Response(DigestAlgorithm.Md5, ha1, "REGISTER", "sip:example.com", challenge.Nonce, "", "", "");
        var credentials = $"Digest username=\"alice\", realm=\"{challenge.Realm}\", nonce=\"{challenge.Nonce}\", uri=\"sip:example.com\", response=\"{digest}\", algorithm=MD5";

        Assert.Equal(200, Send(AliceRegister(cseq: 2).Add("Authorization", credentials)).Status);
        Assert.Equal(401, Send(AliceRegister(cseq: 3).Add("Authorization", credentials)).Status);
    }

    [Fact]
    public void RegisterForSomeoneElse_IsForbidden()
    {
        var challenge = RegisterChallenge();

        // Alice's valid credentials on a REGISTER for bob's address-of-record.
        var request = SipMessageBuilder.Request("REGISTER", "sip:example.com", from: "sip:alice@example.com", to: "sip:bob@example.com", cseq: 2)
            .Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com"));
        var response = Send(request);

        Assert.Equal(403, response.Status);
        Assert.Empty(_edge.Table.Lookup("bob"));
    }

    [Fact]
    public void InviteClaimingAnotherLocalUser_IsForbidden()
    {
        _edge.RegisterBobAuthenticated();
        var challenge = Challenges(Send(Invite(from: "sip:carol@example.com")).Message, HeaderId.ProxyAuthenticate)[0];

        var retry = Invite(from: "sip:carol@example.com").Add("Proxy-Authorization", Credentials(challenge, "INVITE", "sip:bob@example.com"));

        Assert.Equal(403, Send(retry).Status);
        Assert.Empty(_edge.RequestsTo(Bob));
    }

    [Fact]
    public void InviteFromAForeignUser_IsNotChallenged()
    {
        _edge.RegisterBobAuthenticated();

        _edge.Sender.Clear();
        _edge.Receive(Invite(from: "sip:+15550100@carrier.example.net"), _edge.Udp(Switch));

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Invite));
        Assert.Equal([100], _edge.StatusesTo(Switch));
    }

    [Fact]
    public void AuthOff_RegisterAndInviteAreNotChallenged()
    {
        using var edge = new TestSipEdge(auth: a => a.Enabled = false);

        edge.Register("alice", $"<sip:alice@{Alice}>", edge.Udp(Alice));
        edge.RegisterBob();
        edge.Receive(Invite(), edge.Udp(Alice));

        Assert.Single(edge.RequestsTo(Bob, SipMethod.Invite));
    }

    [Fact]
    public void Ipv6Client_AuthenticatesAndRegisters()
    {
        const string alice6 = "[2001:db8::10]:5060";
        var first = Send(AliceRegister().Set("Via", $"SIP/2.0/UDP {alice6};branch={SipMessageBuilder.NewBranch()};rport"), alice6);
        var challenge = Challenges(first.Message, HeaderId.WwwAuthenticate)[0];

        var retry = AliceRegister(cseq: 2).Set("Via", $"SIP/2.0/UDP {alice6};branch={SipMessageBuilder.NewBranch()};rport")
            .Add("Authorization", Credentials(challenge, "REGISTER", "sip:example.com"));

        Assert.Equal(200, Send(retry, alice6).Status);
        Assert.Equal("[2001:db8::10]:5060", _edge.Table.Lookup("alice").Single().Source);
    }
}

internal static class AuthenticatedEdge
{
    /// <summary>Puts bob's binding straight into the table, as an earlier authenticated REGISTER would have.</summary>
    public static void RegisterBobAuthenticated(this TestSipEdge edge)
    {
        edge.Table.Apply(Bridgehead.Storage.Location.LocationChange.Upsert(new Bridgehead.Storage.Location.BindingRecord
        {
            Aor = "bob",
            ContactUri = BobContact,
            ExpiresAt = TestSipEdge.Start.AddHours(1),
            CallId = "bob-reg@198.51.100.20",
            CSeq = 1,
            Transport = SipTransportKind.Udp,
            Source = Bob,
            LocalListener = "udp:192.0.2.1:5060",
            UpdatedAt = TestSipEdge.Start,
        }));
    }
}
