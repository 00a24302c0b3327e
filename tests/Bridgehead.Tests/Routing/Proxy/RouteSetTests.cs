using Bridgehead.Routing;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;
using Microsoft.Extensions.Options;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing.Proxy;

/// <summary>Route processing (RFC 3261 §16.4): our Route values popped, strict-router fix-up, the next hop.</summary>
public sealed class RouteSetTests
{
    private readonly LocalAddresses _local = new(new FixedListenerCatalog(), Options.Create(new ProxyOptions { Domains = ["example.com"] }));

    private RouteSet Process(SipMessageBuilder request) => RouteSet.Process(request.Parse(), _local);

    [Fact]
    public void NoRoute_ConsumesNothing()
    {
        var routes = Process(Invite());

        Assert.Empty(routes.Consumed);
        Assert.False(routes.ConsumedAny);
        Assert.Null(routes.NextRoute);
        Assert.Null(routes.ExitListener);
    }

    [Fact]
    public void OurRouteOnTop_IsConsumedAndTheNextOneIsTheNextHop()
    {
        var routes = Process(Invite(to: "sip:carol@other.example.net").Add("Route", "<sip:192.0.2.1:5060;lr>").Add("Route", $"<sip:{Switch};lr>"));

        Assert.Single(routes.Consumed);
        Assert.Equal($"sip:{Switch};lr", Text(routes.NextRoute!.Value.UriText));
        Assert.Equal(FixedListenerCatalog.UdpV4, routes.ExitListener!.Id);
        Assert.True(routes.NewRequestUri.IsEmpty);
    }

    [Fact]
    public void DoubleRecordRoute_BothOfOursAreConsumedAndTheLastNamesTheExit()
    {
        var routes = Process(Invite(to: BobContact).Add("Route", "<sip:192.0.2.1:5060;lr>, <sip:[2001:db8::1]:5060;transport=tcp;lr>"));

        Assert.Equal(2, routes.Consumed.Count);
        Assert.Null(routes.NextRoute);
        Assert.Equal(FixedListenerCatalog.TcpV6, routes.ExitListener!.Id);
    }

    [Fact]
    public void ForeignRouteOnTop_IsTheNextHopAndNothingIsConsumed()
    {
        var routes = Process(Invite(to: "sip:carol@other.example.net").Add("Route", $"<sip:{Switch};lr>").Add("Route", "<sip:192.0.2.1:5060;lr>"));

        Assert.Empty(routes.Consumed);
        Assert.Equal($"sip:{Switch};lr", Text(routes.NextRoute!.Value.UriText));
    }

    [Fact]
    public void RequestUriIsOurRecordRoute_StrictRouterFixUpTakesTheLastRoute()
    {
        // A strict router put the Record-Route value we inserted (with its lr) into the Request-URI.
        var request = SipMessageBuilder.Request("BYE", "sip:192.0.2.1:5060;lr", to: "sip:bob@example.com")
            .Set("To", "<sip:bob@example.com>;tag=b").Add("Route", $"<{BobContact}>");

        var routes = Process(request);

        Assert.Equal(BobContact, Text(routes.NewRequestUri));
        Assert.Single(routes.Consumed);
        Assert.Null(routes.NextRoute);
    }

    [Fact]
    public void RequestUriIsOurAddressWithoutLr_StrictRouterFixUpTakesTheLastRoute()
    {
        var request = SipMessageBuilder.Request("BYE", "sip:192.0.2.1:5060", to: "sip:bob@example.com")
            .Set("To", "<sip:bob@example.com>;tag=b").Add("Route", $"<sip:{Switch};lr>").Add("Route", $"<{BobContact}>");

        var routes = Process(request);

        Assert.Equal(BobContact, Text(routes.NewRequestUri));
        Assert.Equal($"sip:{Switch};lr", Text(routes.NextRoute!.Value.UriText));
    }

    [Fact]
    public void RequestUriOfALocalUser_WithPreloadedRoutes_IsNotTakenForStrictRouting()
    {
        // An outbound-proxy client: the Request-URI names a user of our domain, not this proxy.
        var routes = Process(Invite().Add("Route", "<sip:192.0.2.1:5060;lr>").Add("Route", $"<sip:{Switch};lr>"));

        Assert.True(routes.NewRequestUri.IsEmpty);
        Assert.Single(routes.Consumed);
        Assert.Equal($"sip:{Switch};lr", Text(routes.NextRoute!.Value.UriText));
    }
}
