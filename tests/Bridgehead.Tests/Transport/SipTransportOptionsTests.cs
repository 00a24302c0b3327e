using Bridgehead.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridgehead.Tests.Transport;

public sealed class SipTransportOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreDocumentedValues()
    {
        var options = new SipTransportOptions();

        Assert.Equal(64 * 1024, options.MaxMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(300), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.IncompleteMessageTimeout);
        Assert.Equal(SipTlsPeerValidation.Full, options.Tls.PeerValidation);
    }

    [Fact]
    public void Validate_GoodOptions_Pass()
    {
        var failures = Failures(o =>
        {
            o.Listen.Add("udp:0.0.0.0:5060");
            o.Listen.Add("udp:[::]:5060");
            o.Listen.Add("tcp:0.0.0.0:5060");
            o.Listen.Add("tls:0.0.0.0:5061 as sip.example.com");
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var failures = Failures(o =>
        {
            o.Listen.Add("udp:1.2.3.4:99999");
            o.Listen.Add("sctp:1.2.3.4:5060");
            o.Listen.Add("ws:127.0.0.1:5060");
            o.Listen.Add("tcp:127.0.0.1:5060");
            o.Listen.Add("tls:127.0.0.1:5060");
            o.MaxMessageSize = 100;
            o.MaxConnections = 0;
            o.IdleTimeout = TimeSpan.Zero;
            o.IncompleteMessageTimeout = TimeSpan.FromSeconds(-1);
            o.UdpReceiveBufferSize = -1;
            o.Tls.CertificatePath = "/nonexistent/edge.pfx";
            o.Tls.TrustedCertificatePaths.Add("/nonexistent/ca.pem");
            o.WebSocket.AllowedOrigins.Add("agents.example.com");
            o.WebSocket.HandshakeTimeout = TimeSpan.Zero;
        });

        Assert.Contains(failures, f => f.StartsWith("Listen[0] 'udp:1.2.3.4:99999': bind address: port '99999'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Listen[1] 'sctp:1.2.3.4:5060': unknown scheme", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Listen[3] 'tcp:127.0.0.1:5060': 127.0.0.1:5060 is already used", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Listen[4] 'tls:127.0.0.1:5060': 127.0.0.1:5060 is already used", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxMessageSize is 100", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxConnections is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IdleTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncompleteMessageTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("UdpReceiveBufferSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tls.CertificatePath '/nonexistent/edge.pfx' does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tls.TrustedCertificatePaths: '/nonexistent/ca.pem'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("WebSocket.AllowedOrigins: 'agents.example.com': an origin is scheme://host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("WebSocket.HandshakeTimeout", StringComparison.Ordinal));
        Assert.Equal(13, failures.Count);
    }

    [Fact]
    public void Validate_NoListeners_IsAnError()
    {
        Assert.Equal(["Listen is empty; give at least one address such as udp:0.0.0.0:5060."], Failures(_ => { }));
    }

    private static List<string> Failures(Action<SipTransportOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSipTransport(configure);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<SipTransportOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
    }
}
