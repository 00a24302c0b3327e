using Bridgehead.AppNode;
using Bridgehead.AppNode.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>An application node on loopback ephemeral ports, in process, with a scratch data folder.</summary>
internal sealed class NodeFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeFixture(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
        Node = app.Services.GetRequiredService<ApplicationNode>();
    }

    public ApplicationNode Node { get; }

    public string Folder { get; }

    public int SipPort => Node.Local.Port;

    public static async Task<NodeFixture> StartAsync(Action<AppNodeOptions>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-appnode-").FullName;
        var rtp = 20000 + (Random.Shared.Next(0, 300) * 100);
        var app = AppNodeHost.Build(new ConfigurationBuilder().Build(), folder, configure: o =>
        {
            o.Listen = "udp:127.0.0.1:0";
            o.Control = "off";
            o.Edge = null;
            o.RtpPortMin = rtp;
            o.RtpPortMax = rtp + 99;
            configure?.Invoke(o);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new NodeFixture(app, folder);
    }

    /// <summary>Waits (bounded) until a call has ended and returns its summary.</summary>
    public async Task<Bridgehead.AppNode.Calls.CallSummary> EndedCallAsync(Func<Bridgehead.AppNode.Calls.CallSummary, bool> match, TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; waited < timeout; waited += TimeSpan.FromMilliseconds(100))
        {
            if (Node.RecentCalls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no matching call ended within {timeout}; calls up: {Node.CallCount}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
