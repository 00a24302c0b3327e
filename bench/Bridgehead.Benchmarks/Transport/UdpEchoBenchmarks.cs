using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Benchmarks.Transport;

/// <summary>
/// One 1 KB datagram from a client socket through the transport's UDP loop to a handler that sends
/// it back with <see cref="ISipTransport.TrySend"/>, and the client's receive: a loopback round trip.
/// </summary>
[MemoryDiagnoser]
public class UdpEchoBenchmarks
{
    private readonly byte[] _receive = new byte[2048];
    private IHost? _host;
    private Socket? _client;
    private EndPoint? _server;
    private byte[] _message = [];

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ISipMessageHandler, EchoHandler>();
        builder.Services.AddSipTransport(o => o.Listen.Add("udp:127.0.0.1:0"));
        _host = builder.Build();
        _host.Start();
        _server = _host.Services.GetRequiredService<ISipTransport>().Listeners[0].LocalEndPoint;
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _client.ReceiveTimeout = 5000;
        _client.Connect(_server);
        _message = SipStreamFramerBenchmarks.Invite1K();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _host?.StopAsync().GetAwaiter().GetResult();
        _host?.Dispose();
    }

    [Benchmark]
    public int RoundTrip()
    {
        _client!.Send(_message);
        return _client.Receive(_receive);
    }

    private sealed class EchoHandler(ISipTransport transport) : ISipMessageHandler
    {
        public void OnMessage(in SipInboundMessage message) =>
            transport.TrySend(message.Data, new SipSendTarget(SipTransportKind.Udp, message.RemoteEndPoint) { Listener = message.Listener });
    }
}
