using Bridgehead.AppNode.Media;
using Bridgehead.Rtp;

namespace Bridgehead.AppNode.Applications;

/// <summary>
/// Extension 9196: every packet goes straight back to its source as it arrived, so what the
/// caller hears is their own audio delayed by the round trip only (no jitter buffer, no
/// transcoding: the same codec both ways by construction of the answer).
/// </summary>
public sealed class EchoApplication : ICallApplication
{
    public string Name => "echo";

    public void OnPacket(RtpSession stream, in RtpPacket packet) => stream.Echo(packet);

    public bool OnTick(RtpSession stream, long tick) => true;
}
