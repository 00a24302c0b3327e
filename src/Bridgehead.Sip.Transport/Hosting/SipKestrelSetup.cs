using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip.Transport.Streams;
using Bridgehead.Sip.Transport.Tls;
using Bridgehead.Sip.Transport.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Hosting;

/// <summary>
/// Adds a Kestrel endpoint per TCP, TLS, WS and WSS listener, with TLS terminated by <c>UseHttps</c>
/// and the SIP stream or WebSocket connection handler behind it, and remembers the endpoints so the listeners learn their bound
/// ports once Kestrel has started.
/// </summary>
internal sealed class SipKestrelSetup : IConfigureOptions<KestrelServerOptions>, IConfigureOptions<SocketTransportOptions>
{
    private readonly SipListenerSet _listeners;
    private readonly SipServerCertificate _certificate;
    private readonly SipTlsPeerValidator _validator;
    private readonly SipTlsOptions _tls;
    private readonly bool _serveHttp;
    private readonly bool _inlineScheduling;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TimeProvider _time;
    private readonly List<(SipListener Listener, ListenOptions Endpoint)> _endpoints = [];

    public SipKestrelSetup(SipListenerSet listeners, SipServerCertificate certificate, SipTlsPeerValidator validator, IOptions<SipTransportOptions> options, TimeProvider time)
    {
        _serveHttp = options.Value.WebSocket.ServeHttp;
        _inlineScheduling = options.Value.InlineSocketScheduling;
        _handshakeTimeout = options.Value.WebSocket.HandshakeTimeout;
        _time = time;
        _listeners = listeners;
        _certificate = certificate;
        _validator = validator;
        _tls = options.Value.Tls;
    }

    public void Configure(KestrelServerOptions options)
    {
        foreach (var listener in _listeners)
        {
            if (listener.Transport == SipTransportKind.Udp)
            {
                continue;
            }

            options.Listen(listener.Address.EndPoint, endpoint =>
            {
                if (listener.Transport.IsWebSocket())
                {
                    // ALPN must offer only http/1.1: a browser that negotiated h2 would never send an upgrade.
                    endpoint.Protocols = HttpProtocols.Http1;
                }

                if (listener.Transport.IsSecure())
                {
                    endpoint.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = _certificate.Certificate,
                        ClientCertificateMode = _tls.ClientCertificateMode,
                        ClientCertificateValidation = (certificate, chain, errors) => _validator.Validate(certificate, chain, errors, checkName: false),
                    });
                }

                var feature = new SipListenerFeature(listener);
                endpoint.Use(next => context =>
                {
                    context.Features.Set(feature);
                    return next(context);
                });
                if (listener.Transport.IsWebSocket() && _serveHttp)
                {
                    // Kestrel's HTTP server is the terminal after our middleware: plain requests go on to it.
                    var sip = endpoint.ApplicationServices.GetRequiredService<SipWebSocketConnectionHandler>();
                    endpoint.Use(next => new WebSocketHttpSplitter(sip, next, _handshakeTimeout, _time).OnConnectedAsync);
                }
                else if (listener.Transport.IsWebSocket())
                {
                    endpoint.UseConnectionHandler<SipWebSocketConnectionHandler>();
                }
                else
                {
                    endpoint.UseConnectionHandler<SipStreamConnectionHandler>();
                }

                lock (_endpoints)
                {
                    _endpoints.Add((listener, endpoint));
                }
            });
        }
    }

    // Kestrel makes a socket bound to [::] dual-stack; a SIP listener on [::] is IPv6 only, as on
    // UDP, so tcp:0.0.0.0:5060 and tcp:[::]:5060 can both be configured.
    public void Configure(SocketTransportOptions options)
    {
        options.UnsafePreferInlineScheduling = _inlineScheduling;
        var previous = options.CreateBoundListenSocket;
        options.CreateBoundListenSocket = endPoint =>
        {
            if (endPoint is IPEndPoint { Port: > 0 } ip && ip.Address.Equals(IPAddress.IPv6Any) && IsStreamListener(ip))
            {
                var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
                try
                {
                    socket.Bind(ip);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            return previous(endPoint);
        };
    }

    /// <summary>Copies the endpoints Kestrel actually bound (real ports for port 0) into the listeners.</summary>
    public void RefreshBoundEndPoints()
    {
        lock (_endpoints)
        {
            foreach (var (listener, endpoint) in _endpoints)
            {
                if (endpoint.EndPoint is IPEndPoint bound)
                {
                    listener.SetBound(bound);
                }
            }
        }
    }

    private bool IsStreamListener(IPEndPoint endPoint) =>
        _listeners.Any(l => l.Transport.IsStream() && l.Address.EndPoint.Equals(endPoint));
}
