using System.Globalization;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// Waits until a peer (sipp, socat) has bound its port, read from the socket table with ss(8)
/// rather than by poking the port, which a SIP peer would count as a call.
/// </summary>
public static class ListeningPorts
{
    /// <param name="protocol">"udp" or "tcp".</param>
    public static async Task WaitAsync(string protocol, int port, TimeSpan timeout, TestProcess? owner = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var flags = protocol == "udp" ? "-Hlun" : "-Hltn";
        var portText = port.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            await using (var ss = TestProcess.Start("ss", [flags, $"sport = :{portText}"]))
            {
                await ss.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                if (ss.Output.Lines.Any(l => l.Contains(':' + portText, StringComparison.Ordinal)))
                {
                    return;
                }
            }

            if (owner is { HasExited: true })
            {
                throw new InvalidOperationException($"'{owner.Description}' exited with {owner.ExitCode} before binding {protocol} {port}; output:\n{owner.Output.Tail(30)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing bound {protocol} port {port} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
