using Bridgehead.AppNode;
using Bridgehead.AppNode.Hosting;
using Bridgehead.IntegrationTests.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>
/// The node's own Kestrel without a control endpoint: it serves the node's TCP/TLS SIP listener
/// if there is one, else a loopback port of its own, never its default 5000, and never warns that
/// its endpoints override an address.
/// </summary>
public sealed class AppNodeHostTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Build_ControlOff_KestrelNeitherWarnsNorTakesItsDefaultPort5000(string transport)
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-appnode-").FullName;
        var log = new ListLogger();
        using var loggers = new LoggerFactory([log]);
        var rtp = 20000 + (Random.Shared.Next(0, 300) * 100);
        var app = AppNodeHost.Build(new ConfigurationBuilder().Build(), folder, loggers, o =>
        {
            o.Listen = $"{transport}:127.0.0.1:0";
            o.Control = "off";
            o.Edge = null;
            o.RtpPortMin = rtp;
            o.RtpPortMax = rtp + 99;
        });
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            var node = app.Services.GetRequiredService<ApplicationNode>();

            var url = new Uri(Assert.Single(app.Urls));
            Assert.Equal("127.0.0.1", url.Host);
            Assert.NotEqual(5000, url.Port);
            if (transport == "tcp")
            {
                Assert.Equal(node.Local.Port, url.Port);
            }

            Assert.DoesNotContain(log.Lines, l => l.StartsWith("Warning Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
