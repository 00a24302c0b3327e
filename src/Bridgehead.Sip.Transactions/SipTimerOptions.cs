using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// The RFC 3261 §17 timer base values (Table 4 of Appendix A); every other timer derives from
/// them. Defaults are the RFC's recommendations.
/// </summary>
public sealed class SipTimerOptions
{
    /// <summary>RTT estimate; the initial retransmission interval of UDP requests and responses.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmission interval for non-INVITE requests and INVITE responses.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message remains in the network.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a transaction timer may fire so that deadlines close together are handled in one
    /// wake-up (never early). 0 fires each deadline exactly.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100")]
    public TimeSpan Granularity { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Timer B/F/H/J/L/M: 64·T1, how long a transaction waits before giving up.</summary>
    public TimeSpan Timeout64T1 => T1 * 64;

    /// <summary>Timer D: at least 32 s on UDP (covers the server's retransmissions of the final response).</summary>
    public TimeSpan TimerD => T1 * 64 > TimeSpan.FromSeconds(32) ? T1 * 64 : TimeSpan.FromSeconds(32);
}
