using Bridgehead.AppNode.Media;
using Bridgehead.Rtp;

namespace Bridgehead.AppNode.Applications;

/// <summary>
/// What a call does with its media once answered (FreeSWITCH's dialplan applications: echo,
/// playback, tone_stream). Called on the stream's receive loop and on the media clock.
/// </summary>
public interface ICallApplication
{
    /// <summary>The name shown in logs and the originate API: "echo", "playback", "tone".</summary>
    string Name { get; }

    /// <summary>A voice packet arrived (telephone-events are handled by the call).</summary>
    void OnPacket(RtpSession stream, in RtpPacket packet);

    /// <summary>One packet time passed; false when the application has finished and the call should end.</summary>
    bool OnTick(RtpSession stream, long tick);
}
