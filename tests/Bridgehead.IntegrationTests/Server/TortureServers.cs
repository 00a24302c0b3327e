using System.Collections.Concurrent;
using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// Three servers for the torture vectors, with a next hop that answers like a phone:
/// UDP vectors and TCP vectors each get their own server (a vector sent over both would otherwise
/// be a retransmission of itself), both with auth off, example.com local and the next hop as
/// default route; a third has digest auth on. Timers are short (T1 50 ms, T4 100 ms) so that a
/// transaction the vectors share ends in about three seconds.
/// </summary>
public sealed class TortureServers : IAsyncLifetime
{
    /// <summary>How long a server transaction outlives its final response with T1 = 50 ms: 64·T1 + T4, with margin.</summary>
    private static readonly TimeSpan TransactionLifetime = TimeSpan.FromSeconds(4.5);

    private readonly TestDirectory _directory = new("torture");
    private readonly ConcurrentDictionary<string, DateTime> _lastUse = new(StringComparer.Ordinal);

    public BridgeheadProcess Udp { get; private set; } = null!;

    public BridgeheadProcess Tcp { get; private set; } = null!;

    public BridgeheadProcess Auth { get; private set; } = null!;

    public IPEndPoint UdpListener { get; private set; } = null!;

    public IPEndPoint TcpListener { get; private set; } = null!;

    public IPEndPoint AuthListener { get; private set; } = null!;

    /// <summary>The default route: answers INVITE with 486 and everything else with 200.</summary>
    public UdpSipClient NextHop { get; private set; } = null!;

    /// <summary>127.0.0.1:5080, the strict Route of mpart01; answers like <see cref="NextHop"/>.</summary>
    public UdpSipClient RouteTarget { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (udpPort, tcpPort, authPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        UdpListener = new IPEndPoint(IPAddress.Loopback, udpPort);
        TcpListener = new IPEndPoint(IPAddress.Loopback, tcpPort);
        AuthListener = new IPEndPoint(IPAddress.Loopback, authPort);
        NextHop = new UdpSipClient(UdpListener) { Answer = SipAnswers.BusyForInviteOkOtherwise };
        RouteTarget = new UdpSipClient(UdpListener, 5080) { Answer = SipAnswers.BusyForInviteOkOtherwise };
        var timers = new Dictionary<string, string>
        {
            ["Sip:Timers:T1"] = "00:00:00.050",
            ["Sip:Timers:T4"] = "00:00:00.100",

            // clerr and ipv6-in-sdp promise more body than they carry: on a stream the server waits this long.
            ["Sip:Transport:IncompleteMessageTimeout"] = "00:00:02",

            // The vectors check that bodies are forwarded byte for byte: no media relay in the path.
            ["Media:Mode"] = "off",
        };
        string[] lab = ["--auth", "off", "--domain", "example.com", "--default-route", $"sip:{NextHop.LocalEndPoint}"];

        var starting = new[]
        {
            BridgeheadProcess.StartAsync(new BridgeheadStart(_directory["udp"])
            {
                Listen = [$"udp:{UdpListener}", $"tcp:{UdpListener}"],
                Arguments = lab,
                Settings = timers,
            }),
            BridgeheadProcess.StartAsync(new BridgeheadStart(_directory["tcp"])
            {
                Listen = [$"udp:{TcpListener}", $"tcp:{TcpListener}"],
                Arguments = lab,
                Settings = timers,
            }),
            BridgeheadProcess.StartAsync(new BridgeheadStart(_directory["auth"])
            {
                Listen = [$"udp:{AuthListener}", $"tcp:{AuthListener}"],
                Arguments = ["--auth", "on", "--domain", "example.com"],
                Settings = timers,
            }),
        };
        try
        {
            var servers = await Task.WhenAll(starting);
            (Udp, Tcp, Auth) = (servers[0], servers[1], servers[2]);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop the servers that did start.
            foreach (var start in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Waits until no transaction an earlier vector opened on <paramref name="server"/> with the same
    /// key (top Via, CSeq method) can still be alive, then records this use. Several vectors share
    /// a branch (cparam01/cparam02, most of RFC 5118): sent back to back, the second is a
    /// retransmission of the first by RFC 3261 §17.2.3, and gets the first one's response.
    /// </summary>
    public async Task WaitForFreshTransactionsAsync(BridgeheadProcess server, byte[] bytes)
    {
        // A stream carries every request in the bytes (dblreq: a REGISTER, then an INVITE): each
        // opens a transaction that a later test sending the same bytes would meet again.
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        foreach (System.Text.RegularExpressions.Match start in System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^[A-Z]+ sips?:\S+ SIP/2\.0\r?$"))
        {
            if (RawSipMessage.TryParse(bytes.AsSpan(start.Index)) is { } request)
            {
                await WaitForFreshTransactionAsync(server, request);
            }
        }
    }

    public async Task WaitForFreshTransactionAsync(BridgeheadProcess server, RawSipMessage request)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsResponse)
        {
            return;
        }

        var method = request.CSeqMethod is "ACK" or "CANCEL" ? "INVITE" : request.CSeqMethod;
        var key = $"{server.Id}|{request.Header("Via")}|{method}";
        if (_lastUse.TryGetValue(key, out var last) && DateTime.UtcNow - last < TransactionLifetime)
        {
            await Task.Delay(TransactionLifetime - (DateTime.UtcNow - last));
        }

        _lastUse[key] = DateTime.UtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { Udp, Tcp, Auth })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        foreach (var peer in new[] { NextHop, RouteTarget })
        {
            if (peer is not null)
            {
                await peer.DisposeAsync();
            }
        }

        _directory.Dispose();
    }
}
