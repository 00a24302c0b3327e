namespace Bridgehead.AppNode.Diagnostics;

/// <summary>A named cause and the evidence behind it, in words for the operator.</summary>
/// <param name="Cause">The cause; <see cref="DoctorCause.None"/> when the step is healthy.</param>
/// <param name="Explanation">What was seen, and what to change.</param>
public sealed record Diagnosis(DoctorCause Cause, string Explanation)
{
    public static Diagnosis Healthy { get; } = new(DoctorCause.None, string.Empty);

    public bool IsHealthy => Cause == DoctorCause.None;
}
