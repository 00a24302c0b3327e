using System.Net;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// A real rtpengine (Debian's rtpengine-daemon) on loopback, userspace only: no kernel table,
/// no config file, ng on a free UDP port, media ports from a private range, pid and log in a
/// temporary folder. Started once per test class and stopped by its process id.
/// </summary>
public sealed class RtpengineProcess : IAsyncLifetime
{
    public const int PortCount = 200;

    private TestProcess? process;
    private string? folder;

    public IPEndPoint NgEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public int PortMin { get; private set; }

    public int PortMax => PortMin + PortCount - 1;

    public string Log => process?.Output.Text ?? string.Empty;

    public NgUdpClient CreateClient(TimeSpan? retransmitInterval = null, int maxAttempts = 3) =>
        new(new NgUdpClientOptions
        {
            RemoteEndPoint = NgEndPoint,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            RetransmitInterval = retransmitInterval ?? TimeSpan.FromSeconds(1),
            MaxAttempts = maxAttempts,
        });

    public async ValueTask InitializeAsync()
    {
        var binary = Programs.Find("rtpengine", "rtpengine-daemon");
        folder = Directory.CreateTempSubdirectory("bridgehead-rtpengine-").FullName;
        NgEndPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());

        // A private slice of the high ports; rtpengine skips ports that are taken.
        PortMin = 20000 + (Random.Shared.Next(0, 150) * PortCount);

        process = TestProcess.Start(binary,
        [
            "--config-file=none", "--table=-1", "--interface=127.0.0.1",
            $"--listen-ng=127.0.0.1:{NgEndPoint.Port}",
            $"--port-min={PortMin}", $"--port-max={PortMax}",
            "--num-threads=1", "--delete-delay=0", "--foreground", "--log-stderr", "--log-level=6",
            $"--pidfile={Path.Combine(folder, "rtpengine.pid")}",
        ]);

        // Bounded wait for the ng socket: 50 pings, 200 ms apart at most.
        await using var client = CreateClient(TimeSpan.FromMilliseconds(200), maxAttempts: 1);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"rtpengine exited during start-up:\n{Log}");
            }

            if (await client.SendAsync(new NgPingCommand(), CancellationToken.None) is NgPongReply)
            {
                return;
            }
        }

        throw new InvalidOperationException($"rtpengine did not answer ping on {NgEndPoint} within 10 s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.StopAsync(TimeSpan.FromSeconds(5));
            await process.DisposeAsync();
        }

        if (folder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
