using System.Globalization;
using Bridgehead.Sip;
using Bridgehead.Storage.Location;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>The registrar (RFC 3261 §10.3) through the edge: bindings, expiry rules, ordering, the 200, persistence.</summary>
public sealed class RegistrarTests : IDisposable
{
    private readonly TestSipEdge _edge = new();

    public void Dispose() => _edge.Dispose();

    private SipDestination BobUdp => _edge.Udp(Bob);

    private SentMessage Send(SipMessageBuilder register, SipDestination? source = null)
    {
        _edge.Sender.Clear();
        _edge.Receive(register, source ?? BobUdp);
        return _edge.Sender.Sent.Single();
    }

    private SipMessageBuilder Register(string contact, int? expires = null, uint cseq = 1, string? callId = null) =>
        TestSipEdge.RegisterRequest("bob", contact, BobUdp, expires, cseq, callId);

    /// <summary>Contact URI → expires, as the 200 lists them.</summary>
    private static Dictionary<string, int> Listed(SentMessage ok)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in ok.Message.Values(HeaderId.Contact))
        {
            Assert.True(NameAddress.TryParse(value.Memory, out var contact));
            Assert.True(contact.TryGetParameter("expires"u8, out var expires));
            result[Text(contact.UriText)] = int.Parse(Text(expires), CultureInfo.InvariantCulture);
        }

        return result;
    }

    private IReadOnlyList<BindingRecord> Bindings() => [.. _edge.Table.Lookup("bob")];

    [Fact]
    public void Register_AddsABindingAndThe200ListsIt()
    {
        var ok = Send(Register($"<{BobContact}>"));

        Assert.Equal(200, ok.Status);
        Assert.True(ok.Message.To.HasTag);
        Assert.Equal(new Dictionary<string, int> { [BobContact] = 3600 }, Listed(ok));
        Assert.Single(Bindings());
        Assert.Equal(TestSipEdge.Start.AddSeconds(3600), Bindings()[0].ExpiresAt);
        Assert.Equal(
            TestSipEdge.Start.UtcDateTime.ToString("r", System.Globalization.CultureInfo.InvariantCulture),
            System.Text.Encoding.ASCII.GetString(ok.Message.FirstValue(HeaderId.Date)));
    }

    [Fact]
    public void Register_RefreshWithHigherCSeq_UpdatesTheExpiry()
    {
        var callId = "refresh@198.51.100.20";
        Send(Register($"<{BobContact}>", expires: 3600, cseq: 1, callId: callId));
        _edge.Advance(TimeSpan.FromSeconds(100));

        var ok = Send(Register($"<{BobContact}>", expires: 1800, cseq: 2, callId: callId));

        Assert.Equal(new Dictionary<string, int> { [BobContact] = 1800 }, Listed(ok));
        Assert.Equal(TestSipEdge.Start.AddSeconds(1900), Bindings().Single().ExpiresAt);
        Assert.Equal(2, Bindings().Single().CSeq);
    }

    [Fact]
    public void Register_Refresh_KeepsTheUnchangedStringsOfTheBindingItReplaces()
    {
        var callId = "strings@198.51.100.20";
        Send(Register($"<{BobContact}>", cseq: 1, callId: callId));
        var first = Bindings().Single();

        Send(Register($"<{BobContact}>", cseq: 2, callId: callId));
        var second = Bindings().Single();

        Assert.NotSame(first, second);
        Assert.Equal(2, second.CSeq);
        Assert.Same(first.Aor, second.Aor);
        Assert.Same(first.ContactUri, second.ContactUri);
        Assert.Same(first.CallId, second.CallId);
        Assert.Same(first.Source, second.Source);
        Assert.Same(first.LocalListener, second.LocalListener);
    }

    [Fact]
    public void Register_ContactWithExpiresZero_RemovesIt()
    {
        Send(Register($"<{BobContact}>"));

        var ok = Send(Register($"<{BobContact}>;expires=0", cseq: 2));

        Assert.Equal(200, ok.Status);
        Assert.Empty(Listed(ok));
        Assert.Empty(Bindings());
    }

    [Fact]
    public void Register_WithoutContact_IsAQueryListingCurrentBindings()
    {
        Send(Register($"<{BobContact}>"));
        _edge.Advance(TimeSpan.FromSeconds(600));

        var ok = Send(Register($"<{BobContact}>", cseq: 2).Remove("Contact"));

        Assert.Equal(new Dictionary<string, int> { [BobContact] = 3000 }, Listed(ok));
    }

    [Fact]
    public void Register_SeveralContactsWithQ_AreAllBoundAndListed()
    {
        var register = Register("<sip:bob@198.51.100.20:5062>;q=0.7").Add("Contact", "<sip:bob@198.51.100.20:5064>;q=1.0, <sip:bob@198.51.100.20:5066>");

        var ok = Send(register);

        Assert.Equal(3, Listed(ok).Count);
        var q = Bindings().ToDictionary(b => b.ContactUri, b => b.Q);
        Assert.Equal(700, q["sip:bob@198.51.100.20:5062"]);
        Assert.Equal(1000, q["sip:bob@198.51.100.20:5064"]);
        Assert.Equal(1000, q["sip:bob@198.51.100.20:5066"]);
        Assert.Contains(ok.Message.All(HeaderId.Contact), v => v.EndsWith(";q=0.7", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("q=1.5")]
    [InlineData("q=abc")]
    [InlineData("q=0.1234")]
    public void Register_MalformedQ_Is400(string q)
    {
        Assert.Equal(400, Send(Register($"<{BobContact}>;{q}")).Status);
        Assert.Empty(Bindings());
    }

    [Fact]
    public void Register_EscapedUserInTo_IsTheSameAddressOfRecord()
    {
        var register = Register($"<{BobContact}>").Set("To", "<sip:%62ob@example.com>");

        Assert.Equal(200, Send(register).Status);
        Assert.Single(Bindings());
    }

    [Fact]
    public void Register_The200ListsEveryBindingWithItsRemainingTime()
    {
        Send(Register("<sip:bob@198.51.100.20:5062>", expires: 3600));
        _edge.Advance(TimeSpan.FromSeconds(600));

        var ok = Send(Register("<sip:bob@198.51.100.20:5064>", expires: 1200));

        Assert.Equal(
            new Dictionary<string, int> { ["sip:bob@198.51.100.20:5062"] = 3000, ["sip:bob@198.51.100.20:5064"] = 1200 },
            Listed(ok));
    }

    [Fact]
    public void Register_WildcardWithExpiresZero_RemovesEveryBinding()
    {
        Send(Register("<sip:bob@198.51.100.20:5062>"));
        Send(Register("<sip:bob@198.51.100.20:5064>"));

        var ok = Send(Register("*", expires: 0));

        Assert.Equal(200, ok.Status);
        Assert.Empty(Listed(ok));
        Assert.Empty(Bindings());
    }

    [Fact]
    public void Register_WildcardWithoutExpiresZero_Is400()
    {
        Send(Register($"<{BobContact}>"));

        Assert.Equal(400, Send(Register("*")).Status);
        Assert.Equal(400, Send(Register("*", expires: 60)).Status);
        Assert.Single(Bindings());
    }

    [Fact]
    public void Register_WildcardWithAnotherContact_Is400()
    {
        Assert.Equal(400, Send(Register("*", expires: 0).Add("Contact", $"<{BobContact}>")).Status);
    }

    [Fact]
    public void Register_WildcardOutOfOrder_Is500()
    {
        const string callId = "wild@198.51.100.20";
        Send(Register($"<{BobContact}>", cseq: 5, callId: callId));

        Assert.Equal(500, Send(Register("*", expires: 0, cseq: 4, callId: callId)).Status);
        Assert.Single(Bindings());
    }

    [Fact]
    public void Register_ContactExpiresParameterWinsOverTheExpiresHeader()
    {
        var register = Register("<sip:bob@198.51.100.20:5062>;expires=600", expires: 1200).Add("Contact", "<sip:bob@198.51.100.20:5064>");

        var ok = Send(register);

        Assert.Equal(
            new Dictionary<string, int> { ["sip:bob@198.51.100.20:5062"] = 600, ["sip:bob@198.51.100.20:5064"] = 1200 },
            Listed(ok));
    }

    [Fact]
    public void Register_ExpiryBelowMinimum_Is423WithMinExpires()
    {
        var response = Send(Register($"<{BobContact}>", expires: 30));

        Assert.Equal(423, response.Status);
        Assert.Equal("60", Text(response.Message.FirstValue(HeaderId.MinExpires)));
        Assert.Empty(Bindings());
    }

    [Fact]
    public void Register_ExpiryAboveMaximum_IsClamped()
    {
        var ok = Send(Register($"<{BobContact}>", expires: 999_999));

        Assert.Equal(new Dictionary<string, int> { [BobContact] = 86_400 }, Listed(ok));
    }

    [Fact]
    public void Register_NoExpiryGiven_UsesTheDefault()
    {
        using var edge = new TestSipEdge(registrar: r => r.DefaultExpires = 600);

        edge.Register("bob", $"<{BobContact}>", edge.Udp(Bob));

        Assert.Equal(TestSipEdge.Start.AddSeconds(600), edge.Table.Lookup("bob").Single().ExpiresAt);
    }

    [Fact]
    public void Register_SameCallIdWithLowerOrEqualCSeq_Is500()
    {
        const string callId = "order@198.51.100.20";
        Send(Register($"<{BobContact}>", expires: 3600, cseq: 5, callId: callId));

        Assert.Equal(500, Send(Register($"<{BobContact}>", expires: 60, cseq: 4, callId: callId)).Status);
        Assert.Equal(500, Send(Register($"<{BobContact}>", expires: 60, cseq: 5, callId: callId)).Status);
        Assert.Equal(TestSipEdge.Start.AddSeconds(3600), Bindings().Single().ExpiresAt);
    }

    [Fact]
    public void Register_AnotherCallIdWithLowerCSeq_IsAccepted()
    {
        Send(Register($"<{BobContact}>", cseq: 5, callId: "one@198.51.100.20"));

        Assert.Equal(200, Send(Register($"<{BobContact}>", expires: 120, cseq: 1, callId: "two@198.51.100.20")).Status);
        Assert.Equal("two@198.51.100.20", Bindings().Single().CallId);
    }

    [Fact]
    public void Register_SameInstanceAndRegId_ReplacesTheOldFlowsBinding()
    {
        const string instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
        Send(Register($"<sip:bob@198.51.100.20:5062;ob>;{instance}", callId: "flow1@198.51.100.20"));

        // The phone restarted behind a new NAT binding: another contact, same instance and reg-id.
        var ok = Send(Register($"<sip:bob@198.51.100.20:6000;ob>;{instance}", callId: "flow2@198.51.100.20"), _edge.Udp("198.51.100.20:6000"));

        Assert.Equal(["sip:bob@198.51.100.20:6000;ob"], Listed(ok).Keys);
        var binding = Bindings().Single();
        Assert.Equal("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", binding.InstanceId);
        Assert.Equal(1, binding.RegId);
        Assert.Equal("198.51.100.20:6000", binding.Source);
    }

    [Fact]
    public void Register_SameInstanceOtherRegId_AddsASecondFlow()
    {
        const string instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
        Send(Register($"<sip:bob@198.51.100.20:5062;ob>;{instance};reg-id=1"));

        var ok = Send(Register($"<sip:bob@198.51.100.20:6000;ob>;{instance};reg-id=2"));

        Assert.Equal(2, Listed(ok).Count);
    }

    [Fact]
    public void Register_BeyondMaxContacts_Is403AndChangesNothing()
    {
        using var edge = new TestSipEdge(registrar: r => r.MaxContacts = 2);
        edge.Register("bob", "<sip:bob@198.51.100.20:5062>, <sip:bob@198.51.100.20:5064>", edge.Udp(Bob));
        edge.Sender.Clear();

        edge.Receive(TestSipEdge.RegisterRequest("bob", "<sip:bob@198.51.100.20:5066>", edge.Udp(Bob)), edge.Udp(Bob));

        Assert.Equal(403, edge.Sender.Last.Status);
        Assert.Equal(2, edge.Table.Lookup("bob").Length);

        // Refreshing one of the two is still fine.
        edge.Register("bob", "<sip:bob@198.51.100.20:5064>", edge.Udp(Bob));
    }

    [Fact]
    public void Register_FlowReplacementPlusANewContactBeyondMaxContacts_Is403()
    {
        const string instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
        using var edge = new TestSipEdge(registrar: r => r.MaxContacts = 2);
        edge.Register("bob", $"<sip:bob@198.51.100.20:5062;ob>;{instance}, <sip:bob@198.51.100.21:5062>", edge.Udp(Bob));
        edge.Sender.Clear();

        // One contact replaces the first flow (net zero), the other is new: three would be bound.
        var register = TestSipEdge.RegisterRequest("bob", $"<sip:bob@198.51.100.20:6000;ob>;{instance}, <sip:bob@198.51.100.22:5062>", edge.Udp(Bob));
        edge.Receive(register, edge.Udp(Bob));

        Assert.Equal(403, edge.Sender.Last.Status);
        Assert.Equal(2, edge.Table.Lookup("bob").Length);
    }

    [Fact]
    public void Register_FlowReplacementAtMaxContacts_IsAccepted()
    {
        const string instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
        using var edge = new TestSipEdge(registrar: r => r.MaxContacts = 2);
        edge.Register("bob", $"<sip:bob@198.51.100.20:5062;ob>;{instance}, <sip:bob@198.51.100.21:5062>", edge.Udp(Bob));

        edge.Register("bob", $"<sip:bob@198.51.100.20:6000;ob>;{instance}", edge.Udp(Bob));

        Assert.Equal(["sip:bob@198.51.100.20:6000;ob", "sip:bob@198.51.100.21:5062"], edge.Table.Lookup("bob").Select(b => b.ContactUri).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Binding_RemembersTransportSourceListenerConnectionPathAndUserAgent()
    {
        var source = _edge.Source(SipTransportKind.Tcp, "203.0.113.7:41000", connectionId: 77);
        var register = TestSipEdge.RegisterRequest("bob", "<sip:bob@10.1.1.5:5060;transport=tcp>", source)
            .Add("Path", "<sip:pbx-edge.example.net;lr>")
            .Add("User-Agent", "Zoiper 5.6");

        var ok = Send(register, source);

        var binding = Bindings().Single();
        Assert.Equal(SipTransportKind.Tcp, binding.Transport);
        Assert.Equal("203.0.113.7:41000", binding.Source);
        Assert.Equal("tcp:192.0.2.1:5060", binding.LocalListener);
        Assert.Equal(77, binding.ConnectionId);
        Assert.Equal("<sip:pbx-edge.example.net;lr>", binding.Path);
        Assert.Equal("Zoiper 5.6", binding.UserAgent);
        Assert.Equal(["<sip:pbx-edge.example.net;lr>"], ok.Message.All(HeaderId.Path));
        Assert.Equal(77, ok.Destination.ConnectionId);
    }

    [Fact]
    public void Binding_FromIpv6_RemembersTheBracketedSource()
    {
        var source = _edge.Udp("[2001:db8::20]:5062");

        Send(TestSipEdge.RegisterRequest("bob", "<sip:bob@[2001:db8::20]:5062>", source), source);

        var binding = Bindings().Single();
        Assert.Equal("[2001:db8::20]:5062", binding.Source);
        Assert.Equal("udp:[2001:db8::1]:5060", binding.LocalListener);
    }

    [Fact]
    public void Register_OverAConnection_ExtendsItsLeaseToTheExpiry()
    {
        var source = _edge.Source(SipTransportKind.Ws, "203.0.113.7:41000", connectionId: 91);

        Send(TestSipEdge.RegisterRequest("bob", "<sip:bob@df7jal23ls0d.invalid;transport=ws>", source, expires: 600), source);

        Assert.Equal(TestSipEdge.Start.AddSeconds(600), _edge.Leases.LeasedUntil(91));
    }

    [Fact]
    public void Register_OverUdp_LeasesNothing()
    {
        Send(Register($"<{BobContact}>"));

        Assert.Empty(_edge.Leases.Extensions);
    }

    [Fact]
    public async Task PurgeExpired_DropsExpiredBindingsFromTableAndStore()
    {
        Send(Register("<sip:bob@198.51.100.20:5062>", expires: 60));
        Send(Register("<sip:bob@198.51.100.20:5064>", expires: 600));
        _edge.Advance(TimeSpan.FromSeconds(61));

        var removed = await _edge.Registrar.PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(["sip:bob@198.51.100.20:5064"], Bindings().Select(b => b.ContactUri));
        var stored = await _edge.MemoryLocations.LoadAsync(TestSipEdge.Start, CancellationToken.None);
        Assert.Equal(["sip:bob@198.51.100.20:5064"], stored.Select(b => b.ContactUri));
    }

    [Fact]
    public void Rfc4475_unksm2_ToIsNotASipAddressOfRecord_Is400()
    {
        _edge.Receive(TestVectors.Read("rfc4475", "unksm2.dat"), _edge.Udp("192.0.2.21:5060"));

        Assert.Equal(400, _edge.Sender.Sent.Single().Status);
        Assert.Equal(0, _edge.Table.AorCount);
    }

    [Fact]
    public async Task Register_TheChangeIsDurableBeforeThe200()
    {
        var store = new ObservingLocationStore();
        using var edge = new TestSipEdge(locationStore: store);
        store.OnSave = _ => store.ResponsesSentAtSave.Add(edge.Sender.Sent.Count);

        edge.Receive(TestSipEdge.RegisterRequest("bob", $"<{BobContact}>", edge.Udp(Bob)), edge.Udp(Bob));

        Assert.Equal([0], store.ResponsesSentAtSave);
        Assert.Equal(200, edge.Sender.Last.Status);
        var stored = await store.LoadAsync(TestSipEdge.Start, CancellationToken.None);
        Assert.Equal(BobContact, stored.Single().ContactUri);
    }

    [Fact]
    public void Register_StoreFails_Is500AndTheTableIsUnchanged()
    {
        var store = new ObservingLocationStore { OnSave = _ => throw new IOException("disk full") };
        using var edge = new TestSipEdge(locationStore: store);

        edge.Receive(TestSipEdge.RegisterRequest("bob", $"<{BobContact}>", edge.Udp(Bob)), edge.Udp(Bob));

        Assert.Equal(500, edge.Sender.Last.Status);
        Assert.Equal(0, edge.Table.AorCount);
    }

    [Fact]
    public void RetransmittedRegister_IsAnsweredFromTheTransaction()
    {
        var register = Register($"<{BobContact}>");
        var first = Send(register);

        _edge.Receive(register, BobUdp);

        Assert.Equal(first.Data, _edge.Sender.Last.Data);
        Assert.Equal(2, _edge.Sender.Sent.Count);
    }

    /// <summary>An in-memory store that lets a test see (or fail) each save.</summary>
    private sealed class ObservingLocationStore : ILocationStore
    {
        private readonly Bridgehead.Storage.Memory.InMemoryLocationStore _inner = new();

        public Action<LocationChange>? OnSave { get; set; }

        public List<int> ResponsesSentAtSave { get; } = [];

        public Task<IReadOnlyList<BindingRecord>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.LoadAsync(now, cancellationToken);

        public ValueTask SaveAsync(LocationChange change, CancellationToken cancellationToken)
        {
            OnSave?.Invoke(change);
            return _inner.SaveAsync(change, cancellationToken);
        }

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.PurgeExpiredAsync(now, cancellationToken);
    }
}
