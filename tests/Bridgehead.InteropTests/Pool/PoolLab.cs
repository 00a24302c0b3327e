using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Bridgehead.Testing;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Pool;

/// <summary>
/// The lab of the pool interop tests, on loopback: the bridgehead executable as a child process
/// (UDP listener, authentication off, management API on a free port), three sipp switches each on
/// its own port and in its own folder (its per-call log counts the calls it took), and a sipp
/// caller. Everything is started here and stopped by process id.
/// </summary>
internal sealed class PoolLab : IAsyncDisposable
{
    private readonly List<TestProcess> _processes = [];
    private readonly Dictionary<int, TestProcess> _switches = [];
    private readonly HttpClient _api = new();

    public PoolLab()
    {
        Root = Path.Combine(Path.GetTempPath(), "bridgehead-pool-interop", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Root);
        EdgePort = FreePorts.Next();
        SwitchPorts = [FreePorts.Next(), FreePorts.Next(), FreePorts.Next()];
    }

    public string Root { get; }

    public int EdgePort { get; }

    public int[] SwitchPorts { get; }

    public TestProcess? Edge { get; private set; }

    public static string Scenario(string name) =>
        Path.Combine(TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Pool", "Scenarios", name);

    public static string SwitchUri(int port) => $"sip:127.0.0.1:{port}";

    /// <summary>
    /// Starts the edge with a "Pool" configuration (and a "Registrar" one, more listeners, digest
    /// authentication on) and waits until its management API answers.
    /// </summary>
    public async Task StartEdgeAsync(object pool, CancellationToken cancellationToken, object? registrar = null, bool auth = false, IReadOnlyList<string>? listen = null)
    {
        var config = Path.Combine(Root, "edge.json");
        object settings = registrar is null ? new { Pool = pool } : new { Pool = pool, Registrar = registrar, Auth = new { Algorithms = new[] { "MD5" } } };
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(settings), cancellationToken);
        var data = Path.Combine(Root, "edge-data");
        Edge = Start("dotnet", Path.Combine(Root, "edge"),
        [
            Path.Combine(AppContext.BaseDirectory, "bridgehead.dll"), "run", "--config", config, "--data", data,
            "--listen", $"udp:127.0.0.1:{EdgePort}", .. (listen ?? []).SelectMany(l => new[] { "--listen", l }),
            "--auth", auth ? "on" : "off", "--management", "127.0.0.1:0", "--log-level", "Warning",
        ]);
        var urlFile = Path.Combine(data, "management.url");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // The server may be caught between creating the file and writing the URL into it.
        while (!File.Exists(urlFile) || (await File.ReadAllTextAsync(urlFile, cancellationToken)).Trim().Length == 0)
        {
            if (Edge.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the edge did not start:\n{Edge.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }

        _api.BaseAddress = new Uri((await File.ReadAllTextAsync(urlFile, cancellationToken)).Trim());
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(data, "management.token"), cancellationToken)).Trim());
    }

    /// <summary>Starts (or restarts) the switch on a port, in a fresh folder; returns that folder.</summary>
    public async Task<string> StartSwitchAsync(int port, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, $"switch-{port}-{Guid.NewGuid():n}");
        var sipp = Start("sipp", folder,
        [
            "-sf", Scenario("switch_uas.xml"), "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-nostdin", "-trace_logs", "-buff_size", "4194304", "-timeout", "300s",
        ]);
        _switches[port] = sipp;
        await Task.Delay(300, cancellationToken);
        return folder;
    }

    /// <summary>Starts a sipp of its own (a switch of another scenario, a user) in a fresh folder; returns it.</summary>
    public TestProcess StartSipp(string name, IEnumerable<string> args) => Start("sipp", Path.Combine(Root, $"{name}-{Guid.NewGuid():n}"), args);

    public static int FreePort() => FreePorts.Next();

    /// <summary>Kills a switch with SIGKILL by its process id, as a crashed switch: no goodbye on the wire.</summary>
    public Task KillSwitchAsync(int port) => _switches[port].KillAsync();

    public async Task<JsonElement> ApiAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _api.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The health the API reports for a destination URI.</summary>
    public async Task<string> HealthOfAsync(string uri, CancellationToken cancellationToken)
    {
        var list = await ApiAsync(HttpMethod.Get, "api/dispatcher", null, cancellationToken);
        return list.GetProperty("destinations").EnumerateArray().First(d => d.GetProperty("uri").GetString() == uri)
            .GetProperty("health").GetProperty("status").GetString()!;
    }

    /// <summary>Waits until every destination of the dispatcher list is up.</summary>
    public async Task WaitAllUpAsync(string table, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var list = await ApiAsync(HttpMethod.Get, table, null, cancellationToken);
            if (list.GetProperty("destinations").EnumerateArray().All(d => d.GetProperty("health").GetProperty("status").GetString() == "up"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not every destination came up: {list}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Runs the sipp caller to its end; returns its exit code and its final statistics.</summary>
    public async Task<CallerResult> RunCallerAsync(int calls, int rate, int holdMs, IReadOnlyList<string> callers, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var folder = Path.Combine(Root, $"caller-{Guid.NewGuid():n}");
        Directory.CreateDirectory(folder);
        var injection = Path.Combine(folder, "callers.csv");
        await File.WriteAllLinesAsync(injection, ["SEQUENTIAL", .. callers.Select(c => c + ";")], cancellationToken);
        var stats = Path.Combine(folder, "stats.csv");
        var sipp = Start("sipp", folder,
        [
            "-sf", Scenario("caller_uac.xml"), "-inf", injection, "-i", "127.0.0.1", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            $"127.0.0.1:{EdgePort}", "-m", calls.ToString(CultureInfo.InvariantCulture), "-r", rate.ToString(CultureInfo.InvariantCulture),
            "-l", "1000", "-d", holdMs.ToString(CultureInfo.InvariantCulture), "-nostdin", "-buff_size", "4194304",
            "-trace_stat", "-stf", stats, "-fd", "1", "-timeout", "240s", "-timeout_error",
        ]);
        var code = await sipp.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(250), cancellationToken);
        return CallerResult.Read(stats, code, sipp.Output.Text);
    }

    /// <summary>The Call-IDs of the INVITEs (and BYEs) a switch's sipp logged, from every folder it ran in.</summary>
    public static (List<string> Invites, HashSet<string> Byes, List<string> Callers) ReadSwitchLog(string folder)
    {
        var invites = new List<string>();
        var byes = new HashSet<string>(StringComparer.Ordinal);
        var callers = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*_logs.log"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0] == "INVITE")
                {
                    invites.Add(parts[1]);
                    callers.Add(parts.Length > 2 ? parts[2] : "");
                }
                else if (parts.Length >= 2 && parts[0] == "BYE")
                {
                    byes.Add(parts[1]);
                }
            }
        }

        return (invites, byes, callers);
    }

    /// <summary>Sends one INVITE from a socket of its own and returns the first final status (ACKing it).</summary>
    public async Task<int> SendSingleInviteAsync(CancellationToken cancellationToken)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var callId = $"{Guid.NewGuid():n}@127.0.0.1";
        string Request(string method, string toTag) =>
            $"{method} sip:9000@127.0.0.1:{EdgePort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-single-{callId.GetHashCode():x}\r\n" +
            $"From: <sip:single@127.0.0.1>;tag=s1\r\nTo: <sip:9000@127.0.0.1:{EdgePort}>{toTag}\r\nCall-ID: {callId}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var edge = new IPEndPoint(IPAddress.Loopback, EdgePort);
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(Request("INVITE", "")), edge, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var received = await socket.ReceiveAsync(deadline.Token);
            var text = System.Text.Encoding.ASCII.GetString(received.Buffer);
            var status = int.Parse(text.AsSpan(8, 3), CultureInfo.InvariantCulture);
            if (status < 200)
            {
                continue;
            }

            var toLine = text.Split("\r\n").First(l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
            var tag = toLine.Contains(";tag=", StringComparison.Ordinal) ? toLine[toLine.IndexOf(";tag=", StringComparison.Ordinal)..] : "";
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(Request("ACK", tag)), edge, cancellationToken);
            return status;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
        }

        _api.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private TestProcess Start(string file, string folder, IEnumerable<string> args)
    {
        Directory.CreateDirectory(folder);
        var p = TestProcess.Start(file, args, folder);
        _processes.Add(p);
        return p;
    }
}

/// <summary>The caller's final statistics (sipp's -trace_stat file) and exit code.</summary>
internal sealed record CallerResult(int ExitCode, int Created, int Successful, int Failed, string Output)
{
    public static CallerResult Read(string statsFile, int exitCode, string output)
    {
        var rows = File.ReadAllLines(statsFile).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        var head = rows[0];
        var last = rows[^1];
        int Get(string column) => int.Parse(last[Array.IndexOf(head, column)], CultureInfo.InvariantCulture);
        return new CallerResult(exitCode, Get("TotalCallCreated"), Get("SuccessfulCall(C)"), Get("FailedCall(C)"), output);
    }
}
