using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Bridgehead.AppNode.Hosting;

namespace Bridgehead.Doctor;

/// <summary>
/// `bridgehead doctor --start`: a `bridgehead run` of this very executable on loopback, in a
/// temporary data folder, on free ports (SIP UDP, WS, WSS, the node's SIP and control), with
/// four users made by `bridgehead user add`. Stopped by process id and deleted at the end.
/// </summary>
internal sealed class LocalDeployment : IAsyncDisposable
{
    private readonly Process _server;
    private readonly string _directory;

    private LocalDeployment(Process server, string directory, DoctorTarget target)
    {
        _server = server;
        _directory = directory;
        Target = target;
    }

    public DoctorTarget Target { get; }

    public static async Task<LocalDeployment> StartAsync(string? configFile, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bridgehead-doctor-").FullName;
        var users = new List<DoctorUser>();
        for (var i = 0; i < 4; i++)
        {
            var user = new DoctorUser((1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            var add = await RunSelfAsync(["user", "add", user.Name, user.Password, "--data", directory, .. Config(configFile)], cancellationToken).ConfigureAwait(false);
            if (add != 0)
            {
                throw new InvalidOperationException($"`bridgehead user add {user.Name}` failed with exit code {add}");
            }

            users.Add(user);
        }

        var (sip, ws, wss, node, control) = (FreeUdpPort(), FreeTcpPort(), FreeTcpPort(), FreeUdpPort(), FreeTcpPort());
        var start = SelfStartInfo(["run", "--data", directory, "--management", "off", "--log-level", "Warning",
            "--listen", $"udp:127.0.0.1:{sip}", "--listen", $"ws:127.0.0.1:{ws}", "--listen", $"wss:127.0.0.1:{wss}", .. Config(configFile)]);
        start.Environment["BRIDGEHEAD_AppNode__Listen"] = $"udp:127.0.0.1:{node}";
        start.Environment["BRIDGEHEAD_AppNode__Control"] = $"127.0.0.1:{control}";
        start.Environment["BRIDGEHEAD_AppNode__Edge"] = $"sip:127.0.0.1:{sip}";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var server = Process.Start(start) ?? throw new InvalidOperationException("cannot start bridgehead run");
        server.OutputDataReceived += (_, e) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine($"bridgehead run: {e.Data}"); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        var deployment = new LocalDeployment(server, directory, new DoctorTarget
        {
            Sip = new IPEndPoint(IPAddress.Loopback, sip),
            Domain = "127.0.0.1",
            WebSocket = new Uri($"ws://127.0.0.1:{ws}"),
            SecureWebSocket = new Uri($"wss://127.0.0.1:{wss}"),
            Control = new Uri($"http://127.0.0.1:{control}/"),
            ControlToken = null,
            Users = users,
        });

        // Ready when the node's control endpoint answers with the token the server wrote (bounded: 60 s).
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                await deployment.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"bridgehead run exited with code {server.ExitCode} (see its output above)");
            }

            if (ControlToken.TryRead(Path.Combine(directory, ControlToken.FileName)) is { } token)
            {
                using var client = new ControlClient(deployment.Target.Control!, token);
                if (await client.IsReadyAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new LocalDeployment(server, directory, deployment.Target with { ControlToken = token });
                }
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        await deployment.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("bridgehead run did not come up within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            // SIGTERM would be kinder; Kill by our own child's id is bounded and leaves nothing behind.
            _server.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _server.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }

        _server.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string[] Config(string? configFile) => configFile is null ? [] : ["--config", Path.GetFullPath(configFile)];

    private static async Task<int> RunSelfAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var info = SelfStartInfo(arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bridgehead");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        await Task.WhenAll(output, error).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>This executable again: the apphost, or `dotnet bridgehead.dll` when run that way.</summary>
    private static ProcessStartInfo SelfStartInfo(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "bridgehead";
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(LocalDeployment).Assembly.Location);
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
