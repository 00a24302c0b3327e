using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// A real rtpengine (Debian's rtpengine-daemon) on loopback, userspace only: no kernel table,
/// no config file, ng on a free UDP port, media ports from a private range, pid and log in a
/// temporary folder. Started once per test class and stopped by its process id.
/// </summary>
public sealed class RtpengineProcess : IAsyncLifetime
{
    public const int PortCount = 200;

    private static readonly string[] SearchPath = ["/usr/bin", "/usr/sbin", "/usr/local/bin"];

    private readonly StringBuilder log = new();
    private Process? process;
    private string? folder;

    public IPEndPoint NgEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public int PortMin { get; private set; }

    public int PortMax => PortMin + PortCount - 1;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static string FindBinary()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SearchPath);
        return dirs.Select(d => Path.Combine(d, "rtpengine")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "rtpengine is not installed. The ng interop tests drive a real rtpengine: install Debian's rtpengine-daemon " +
                "(apt-get install --no-install-recommends rtpengine-daemon); scripts/test.sh does this.");
    }

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
        var binary = FindBinary();
        folder = Directory.CreateTempSubdirectory("bridgehead-rtpengine-").FullName;
        NgEndPoint = new IPEndPoint(IPAddress.Loopback, FreeUdpPort());

        // A private slice of the high ports; rtpengine skips ports that are taken.
        PortMin = 20000 + (Random.Shared.Next(0, 150) * PortCount);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config-file=none", "--table=-1", "--interface=127.0.0.1",
            $"--listen-ng=127.0.0.1:{NgEndPoint.Port}",
            $"--port-min={PortMin}", $"--port-max={PortMax}",
            "--num-threads=1", "--delete-delay=0", "--foreground", "--log-stderr", "--log-level=6",
            $"--pidfile={Path.Combine(folder, "rtpengine.pid")}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // Bounded wait for the ng socket: 50 pings, 200 ms apart at most.
        await using var client = CreateClient(TimeSpan.FromMilliseconds(200), maxAttempts: 1);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"rtpengine exited with {process.ExitCode} during start-up:\n{Log}");
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
            if (!process.HasExited)
            {
                process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }

            process.Dispose();
        }

        if (folder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.Length < 1_000_000)
            {
                log.AppendLine(line);
            }
        }
    }
}
