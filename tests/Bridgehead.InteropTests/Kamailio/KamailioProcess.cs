using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Kamailio;

/// <summary>
/// A real Kamailio (5.6, Debian package kamailio) with its rtpengine module, in the foreground
/// (-DD) logging to stderr (-E), its config, pid file and runtime folder in the test's folder.
/// Counted as started once the module's first ng ping arrived (it pings every relay when its
/// workers start); stopped by process id together with the workers it forked.
/// </summary>
internal sealed class KamailioProcess : IAsyncDisposable
{
    private static readonly TimeSpan PingPatience = TimeSpan.FromSeconds(10);

    private readonly TestProcess _process;

    private KamailioProcess(TestProcess process) => _process = process;

    public ProcessOutput Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Writes the config for <paramref name="route"/> into <paramref name="folder"/>, starts Kamailio and waits until <paramref name="pinged"/> says the ng server heard from it.</summary>
    public static async Task<KamailioProcess> StartAsync(KamailioRoute route, string folder, Func<bool> pinged, CancellationToken cancellationToken)
    {
        var binary = Programs.Find("kamailio", "kamailio");
        var configFile = Path.Combine(folder, "kamailio.cfg");
        await File.WriteAllTextAsync(configFile, route.Config(), cancellationToken);
        var kamailio = new KamailioProcess(TestProcess.Start(binary,
            ["-f", configFile, "-DD", "-E", "-m", "64", "-M", "8", "-P", Path.Combine(folder, "kamailio.pid"), "-Y", folder]));
        try
        {
            // Bounded: 100 looks, 100 ms apart.
            for (var i = 0; i < 100 && !pinged(); i++)
            {
                if (kamailio.HasExited)
                {
                    throw new InvalidOperationException($"Kamailio exited during start-up:\n{kamailio.Output}");
                }

                await Task.Delay(PingPatience / 100, cancellationToken);
            }

            return pinged() ? kamailio : throw new TimeoutException($"Kamailio's rtpengine module did not ping the ng server within {PingPatience.TotalSeconds:0} s:\n{kamailio.Output}");
        }
        catch
        {
            await kamailio.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, which takes the workers down too; SIGKILL to whatever is left after 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopWithDescendantsAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
    }
}
