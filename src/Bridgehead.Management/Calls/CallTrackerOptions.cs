using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Management.Calls;

/// <summary>The dashboard's call tracker (section <c>Management:Calls</c>).</summary>
public sealed class CallTrackerOptions
{
    public const string SectionName = "Management:Calls";

    /// <summary>Calls tracked at once, active and recently ended together: 1000. Past it the oldest ended call goes first.</summary>
    [Range(1, 1_000_000)]
    public int MaxCalls { get; set; } = 1000;

    /// <summary>How long an ended call stays listed (so its ladder can still be opened): 10 minutes.</summary>
    public TimeSpan KeepEnded { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An answered call with no INVITE, ACK, BYE or CANCEL seen for this long is dropped: 12 hours.
    /// A BYE the edge never saw (a browser tab closed without one) must not hold a row for ever.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(12);
}
