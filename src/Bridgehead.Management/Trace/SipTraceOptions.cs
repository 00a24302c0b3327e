using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Management.Trace;

/// <summary>SIP trace capture (section <c>Management:Trace</c>): a bounded ring of the last messages in and out.</summary>
public sealed class SipTraceOptions
{
    public const string SectionName = "Management:Trace";

    /// <summary>Messages kept (the oldest is overwritten): 2000; 0 turns capture off.</summary>
    [Range(0, 1_000_000)]
    public int Capacity { get; set; } = 2000;

    /// <summary>
    /// Bytes kept of one message: 16 KiB (a browser's INVITE with its SDP is 3–5 KiB); the rest is
    /// cut and the entry marked truncated. With the capacity, this bounds the memory capture may
    /// take (32 MiB at most by default; typically a tenth of that).
    /// </summary>
    [Range(256, 65536)]
    public int MaxMessageBytes { get; set; } = 16 * 1024;
}
