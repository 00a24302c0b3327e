using System.Globalization;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Media;

/// <summary>
/// sipp's built-in UAS answering every INVITE with plain PCMU (RTP/AVP, the media port from -mp)
/// and echoing every RTP packet back to its sender (-rtp_echo): a switch that plays back what it
/// hears. Stopped by its process id.
/// </summary>
internal sealed class SippEcho : IAsyncDisposable
{
    private readonly TestProcess _sipp;

    private SippEcho(TestProcess sipp, int port)
    {
        _sipp = sipp;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => _sipp.Output.Text;

    public static SippEcho Start()
    {
        var port = FreePorts.Next();
        var media = FreePorts.NextUdpRange(4);
        var sipp = TestProcess.Start("sipp",
        [
            "-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1",
            "-mp", media.ToString(CultureInfo.InvariantCulture), "-rtp_echo", "-nostdin",
        ], Path.GetTempPath());
        return new SippEcho(sipp, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _sipp.StopAsync(TimeSpan.FromSeconds(5));
        await _sipp.DisposeAsync();
    }
}
