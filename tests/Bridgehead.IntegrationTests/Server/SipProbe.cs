using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>Small exchanges the server tests repeat.</summary>
internal static class SipProbe
{
    /// <summary>"sip:127.0.0.1:5060" or "sip:[::1]:5060": a Request-URI naming the server itself.</summary>
    public static string Uri(IPEndPoint server) =>
        server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"sip:[{server.Address}]:{server.Port}" : $"sip:{server}";

    /// <summary>OPTIONS to the server itself; returns its final response.</summary>
    public static async Task<RawSipMessage> OptionsAsync(SipTestClient client, IPEndPoint server)
    {
        var callId = SipRequestText.NewCallId();
        await client.SendAsync(SipRequestText.Options(client, Uri(server), callId));
        return await client.ExpectResponseAsync(callId, Patience.Answer);
    }

    /// <summary>OPTIONS over a fresh UDP socket: the server's health check.</summary>
    public static async Task<RawSipMessage> UdpOptionsAsync(IPEndPoint server)
    {
        await using var client = new UdpSipClient(server);
        return await OptionsAsync(client, server);
    }

    /// <summary>OPTIONS over a fresh TCP connection.</summary>
    public static async Task<RawSipMessage> TcpOptionsAsync(IPEndPoint server)
    {
        await using var client = await TcpSipClient.ConnectAsync(server, Patience.Answer);
        return await OptionsAsync(client, server);
    }

    /// <summary>REGISTER of sip:user@domain from the client (its own address as the contact); the final response.</summary>
    public static async Task<RawSipMessage> RegisterAsync(SipTestClient client, string user, string domain, int expires = 3600)
    {
        var callId = SipRequestText.NewCallId();
        await client.SendAsync(SipRequestText.Register(client, user, domain, callId, expires: expires));
        return await client.ExpectResponseAsync(callId, Patience.Answer);
    }

    /// <summary>True when a UDP OPTIONS gets no answer within the silence window (the server is gone).</summary>
    public static async Task<bool> UdpIsSilentAsync(IPEndPoint server)
    {
        await using var client = new UdpSipClient(server);
        await client.SendAsync(SipRequestText.Options(client, Uri(server), SipRequestText.NewCallId()));
        return await client.ReceiveAsync(Patience.Silence) is null;
    }
}
