using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Testing;

public static class FakeTimeProviderExtensions
{
    /// <summary>
    /// Moves the clock forward in small steps. <see cref="FakeTimeProvider.Advance"/> jumps straight
    /// to the end, so a timer due half way fires once, late, and sees the final time; stepping lets
    /// every retransmission timer fire at its own moment as a real clock would.
    /// </summary>
    public static void AdvanceInSteps(this FakeTimeProvider time, TimeSpan total, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var size = step ?? TimeSpan.FromMilliseconds(100);
        var steps = (long)Math.Ceiling(total / size);
        for (var i = 0L; i < steps; i++)
        {
            var remaining = total - (i * size);
            time.Advance(remaining < size ? remaining : size);
        }
    }
}
