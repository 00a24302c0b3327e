using System.Globalization;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Sipp;

/// <summary>sipp runs the interop tests share: a UAS and a UAC through the server, and their verdicts.</summary>
internal static class Sipp
{
    /// <summary>How long a sipp process may live before it is killed (its own -timeout ends it first).</summary>
    public static readonly TimeSpan ProcessPatience = TimeSpan.FromMinutes(4);

    public static string Scenario(string file) => Path.Combine(AppContext.BaseDirectory, "Scenarios", file);

    /// <summary>sipp's built-in UAS on <paramref name="port"/>.</summary>
    public static SippRun Uas(TestDirectory directory, int port, int calls, string transport = "u1", params string[] options) => new()
    {
        Name = "uas",
        Scenario = ["-sn", "uas"],
        LocalPort = port,
        Transport = transport,
        Calls = calls,
        Timeout = TimeSpan.FromSeconds(150),
        Options = options,
        WorkingDirectory = directory.Path,
    };

    /// <summary>sipp's built-in UAC calling sip:service@target through it; calls of 200 ms at up to 100 per second.</summary>
    public static SippRun Uac(TestDirectory directory, int port, string target, int calls, string transport = "u1", params string[] options) => new()
    {
        Name = "uac",
        Scenario = ["-sn", "uac", target],
        LocalPort = port,
        Transport = transport,
        Calls = calls,
        Timeout = TimeSpan.FromSeconds(150),
        Options = ["-r", "100", "-l", "100", "-d", "200", .. options],
        WorkingDirectory = directory.Path,
    };

    /// <summary>A scenario file of Scenarios/ played once against the server.</summary>
    public static SippRun Scenario(TestDirectory directory, string name, string file, int port, string target, params string[] options) => new()
    {
        Name = name,
        Scenario = ["-sf", Scenario(file), target],
        LocalPort = port,
        Calls = 1,
        Timeout = TimeSpan.FromSeconds(20),
        Options = options,
        TraceMessages = true,
        WorkingDirectory = directory.Path,
    };

    /// <summary>Starts the UAS, waits until it has bound its port, runs the UAC to its end, then lets the UAS finish.</summary>
    public static async Task<(SippResult Uac, SippResult Uas)> CallAsync(SippRun uas, SippRun uac)
    {
        await using var callee = SippProcess.Start(uas);
        await ListeningPorts.WaitAsync(uas.Transport.StartsWith('u') ? "udp" : "tcp", uas.LocalPort, TimeSpan.FromSeconds(30), callee.Process);
        SippResult caller;
        await using (var process = SippProcess.Start(uac))
        {
            caller = await process.WaitAsync(ProcessPatience);
        }

        // The UAC failed: the UAS will not see its -m calls, so do not wait out its timeout.
        if (caller.ExitCode != 0)
        {
            await callee.Process.StopAsync(TimeSpan.FromSeconds(5));
        }

        return (caller, await callee.WaitAsync(ProcessPatience));
    }

    /// <summary>Runs one sipp to its end.</summary>
    public static async Task<SippResult> RunAsync(SippRun run)
    {
        await using var process = SippProcess.Start(run);
        return await process.WaitAsync(ProcessPatience);
    }

    /// <summary>Exit code 0 and exactly <paramref name="calls"/> successful calls, none failed; sipp's own account otherwise.</summary>
    public static void AssertAllSucceeded(SippResult result, int calls, string who)
    {
        Assert.True(
            result.ExitCode == 0 && result.SuccessfulCalls == calls && result.FailedCalls == 0,
            $"{who}: expected {calls.ToString(CultureInfo.InvariantCulture)} successful calls; {result.Describe()}");
    }
}
