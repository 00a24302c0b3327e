using Bridgehead.Ng.Client;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Media;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Location;
using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Subscribers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Testing.Sip;

/// <summary>
/// A whole <see cref="SipEdge"/> in memory: the real transaction layer, registrar, authenticator
/// and proxy, with a recording sender instead of sockets, the fixed listeners, in-memory location
/// and subscriber stores, and a <see cref="FakeTimeProvider"/> that only moves when told to.
/// Domain "example.com" is local; authentication is off unless a test turns it on.
/// </summary>
public sealed class TestSipEdge : IDisposable
{
    public const string Domain = "example.com";

    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ScopedMeterFactory _meters = new();

    public TestSipEdge(
        Action<ProxyOptions>? proxy = null,
        Action<RegistrarOptions>? registrar = null,
        Action<AuthOptions>? auth = null,
        Action<SipTimerOptions>? timers = null,
        ILocationStore? locationStore = null,
        IReadOnlyList<SipListenerInfo>? listeners = null,
        ISubscriberStore? subscriberStore = null,
        INgClient? ng = null,
        Action<MediaOptions>? media = null,
        PoolState? pool = null)
    {
        Proxy = new ProxyOptions { Domains = [Domain] };
        proxy?.Invoke(Proxy);
        RegistrarOptions = new RegistrarOptions();
        registrar?.Invoke(RegistrarOptions);
        Auth = new AuthOptions { Enabled = false };
        auth?.Invoke(Auth);
        Timers = new SipTimerOptions();
        timers?.Invoke(Timers);

        Time = new FakeTimeProvider(Start);
        Sender = new RecordingSipSender();
        Listeners = new FixedListenerCatalog(listeners);
        Leases = new RecordingConnectionLeases();
        MemoryLocations = new InMemoryLocationStore();
        LocationStore = locationStore ?? MemoryLocations;
        Subscribers = new InMemorySubscriberStore();
        SubscriberStore = subscriberStore ?? Subscribers;

        TransactionMetrics = new TransactionMetrics(_meters);
        EdgeMetrics = new EdgeMetrics(_meters);
        Transactions = new TransactionLayer(Sender, Time, Options.Create(Timers), TransactionMetrics);
        Local = new LocalAddresses(Listeners, Options.Create(Proxy));
        Table = new LocationTable();
        Registrar = new Registrar(LocationStore, Table, Time, Options.Create(RegistrarOptions), Leases, NullLogger<Registrar>.Instance);
        Authenticator = new DigestAuthenticator(SubscriberStore, Time, Options.Create(Auth), Options.Create(Proxy), NullLogger<DigestAuthenticator>.Instance);
        if (ng is not null || media is not null)
        {
            // The media hook, driving the given ng client (a FakeNgClient) unless Mode is off.
            MediaOptions = new MediaOptions();
            media?.Invoke(MediaOptions);
            MediaMetrics = new MediaMetrics(_meters);
            Media = new MediaHook(Options.Create(MediaOptions), MediaMetrics, Time, NullLogger<MediaHook>.Instance, ng, pool);
        }

        Edge = new SipEdge(
            Transactions,
            Sender,
            Local,
            Registrar,
            Authenticator,
            new NextHop(Time),
            Options.Create(Proxy),
            Time,
            EdgeMetrics,
            NullLogger<SipEdge>.Instance,
            media: Media);
    }

    public MediaOptions? MediaOptions { get; }

    public MediaMetrics? MediaMetrics { get; }

    /// <summary>The media hook, when the test gave an ng client or media options.</summary>
    public MediaHook? Media { get; }

    public ProxyOptions Proxy { get; }

    public RegistrarOptions RegistrarOptions { get; }

    public AuthOptions Auth { get; }

    public SipTimerOptions Timers { get; }

    public FakeTimeProvider Time { get; }

    public RecordingSipSender Sender { get; }

    public FixedListenerCatalog Listeners { get; }

    public RecordingConnectionLeases Leases { get; }

    /// <summary>The in-memory location store (the one in use unless the test passed its own).</summary>
    public InMemoryLocationStore MemoryLocations { get; }

    public ILocationStore LocationStore { get; }

    /// <summary>The in-memory subscriber store (the one in use unless the test passed its own).</summary>
    public InMemorySubscriberStore Subscribers { get; }

    public ISubscriberStore SubscriberStore { get; }

    public TransactionMetrics TransactionMetrics { get; }

    public EdgeMetrics EdgeMetrics { get; }

    public TransactionLayer Transactions { get; }

    public LocalAddresses Local { get; }

    public LocationTable Table { get; }

    public Registrar Registrar { get; }

    public DigestAuthenticator Authenticator { get; }

    public SipEdge Edge { get; }

    /// <summary>A source as the transport would report it (see <see cref="FixedListenerCatalog.Source"/>).</summary>
    public SipDestination Source(SipTransportKind transport, string endPoint, long connectionId = 0) =>
        Listeners.Source(transport, endPoint, connectionId);

    public SipDestination Udp(string endPoint) => Source(SipTransportKind.Udp, endPoint);

    /// <summary>Hands bytes to the edge as the transport does.</summary>
    public void Receive(byte[] data, SipDestination source) => Edge.OnMessage(data, source);

    public void Receive(SipMessageBuilder message, SipDestination source) => Receive(message.Build(), source);

    /// <summary>Moves the clock in 100 ms steps, so every timer fires at its own moment (see <see cref="FakeTimeProviderExtensions.AdvanceInSteps"/>).</summary>
    public void Advance(TimeSpan by) => Time.AdvanceInSteps(by);

    /// <summary>Adds a subscriber with HA1 values for the edge's realm, as `bridgehead user add` does.</summary>
    public Task AddSubscriberAsync(string username, string password)
    {
        var realm = Authenticator.Realm;
        return SubscriberStore.AddOrUpdateAsync(
            new SubscriberRecord(
                username,
                realm,
                DigestMath.Ha1(DigestAlgorithm.Md5, username, realm, password),
                DigestMath.Ha1(DigestAlgorithm.Sha256, username, realm, password),
                null,
                Start),
            CancellationToken.None);
    }

    /// <summary>
    /// A REGISTER for sip:<paramref name="user"/>@example.com binding <paramref name="contact"/>
    /// (with its parameters, e.g. "&lt;sip:bob@198.51.100.20:5062&gt;;q=0.5"), sent from
    /// <paramref name="source"/> with a Via naming that source.
    /// </summary>
    public static SipMessageBuilder RegisterRequest(string user, string contact, SipDestination source, int? expires = null, uint cseq = 1, string? callId = null)
    {
        var sentBy = source.EndPoint.ToString();
        var builder = SipMessageBuilder.Request("REGISTER", $"sip:{Domain}", from: $"sip:{user}@{Domain}", to: $"sip:{user}@{Domain}", sentBy: sentBy, transport: source.Transport.ViaToken(), cseq: cseq)
            .Set("Contact", contact);
        if (callId is not null)
        {
            builder.Set("Call-ID", callId);
        }

        if (expires is { } e)
        {
            builder.Set("Expires", e.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder;
    }

    /// <summary>Registers a contact and returns the registrar's response; throws unless it was 200.</summary>
    public SentMessage Register(string user, string contact, SipDestination source, int? expires = null)
    {
        var before = Sender.Sent.Count;
        Receive(RegisterRequest(user, contact, source, expires), source);
        var sent = Sender.Sent;
        var reply = sent.Count > before ? sent[^1] : throw new InvalidOperationException("the REGISTER was not answered");
        return reply.Status == 200 ? reply : throw new InvalidOperationException($"REGISTER got {reply.Status}:\n{reply.Text}");
    }

    public void Dispose()
    {
        TransactionMetrics.Dispose();
        EdgeMetrics.Dispose();
        MediaMetrics?.Dispose();
        _meters.Dispose();
    }
}
