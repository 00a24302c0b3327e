using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Tls;

namespace Bridgehead.IntegrationTests.Transport;

public sealed class TlsTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Tls_GeneratedCertificate_CarriesMessagesBothWays(string loopback)
    {
        var ip = IPAddress.Parse(loopback);
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add(SipText.Listen("tls", ip)), generateCertificate: true);
        var pem = Path.Combine(host.DataDirectory, SipCertificate.PemFileName);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, SipCertificate.PfxFileName)));
        using var trusted = X509CertificateLoader.LoadCertificateFromFile(pem);
        using var socket = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tls).LocalEndPoint);
        await using var tls = new SslStream(new System.Net.Sockets.NetworkStream(socket));

        // The client trusts exactly the published PEM and checks the IP against the SAN.
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = loopback,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsOnly(trusted, certificate, errors),
        }, Ct).WaitAsync(TransportHost.Patience, Ct);
        var request = SipText.Message("REGISTER", transport: "TLS");
        await tls.WriteAsync(request.AsMemory(0, 10), Ct);
        await tls.WriteAsync(request.AsMemory(10), Ct);

        var received = await host.Handler.NextAsync();
        Assert.Equal(request, received.Data);
        Assert.Equal(SipTransportKind.Tls, received.Transport);
        Assert.NotEqual(0, received.ConnectionId);

        var response = SipText.Message("RESPONSE", "ok", "TLS");
        Assert.Equal(SipSendResult.Sent, host.Transport.SendOnConnection(response, received.ConnectionId));
        Assert.Equal(response, await SipText.ReadExactlyAsync(tls, response.Length));
    }

    private static bool TrustsOnly(X509Certificate2 trusted, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
