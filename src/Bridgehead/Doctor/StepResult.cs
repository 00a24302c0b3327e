using System.Text.Json.Serialization;
using Bridgehead.AppNode.Diagnostics;

namespace Bridgehead.Doctor;

/// <summary>How a step of the checklist ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepOutcome>))]
internal enum StepOutcome
{
    Pass,
    Fail,

    /// <summary>Not run: what it needs is missing (no browser, no WS listener, no control endpoint).</summary>
    Skip,
}

/// <summary>One line of the report.</summary>
/// <param name="Name">The step, in the checklist's words ("softphone -> browser (WSS)").</param>
/// <param name="Outcome">PASS, FAIL or SKIP.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Cause">The named cause of a failure.</param>
/// <param name="Detail">The evidence (failure), the reason (skip), or what was measured (pass).</param>
/// <param name="Warnings">What did not fail the step but deserves a look.</param>
internal sealed record StepResult(
    string Name,
    StepOutcome Outcome,
    double Seconds,
    [property: JsonConverter(typeof(JsonStringEnumConverter<DoctorCause>))] DoctorCause Cause,
    string Detail,
    IReadOnlyList<string> Warnings);

/// <summary>What a step body returns before it is timed.</summary>
internal sealed record StepVerdict(StepOutcome Outcome, DoctorCause Cause, string Detail, IReadOnlyList<string>? Warnings = null)
{
    public static StepVerdict Pass(string detail, IReadOnlyList<string>? warnings = null) => new(StepOutcome.Pass, DoctorCause.None, detail, warnings);

    public static StepVerdict Skip(string why) => new(StepOutcome.Skip, DoctorCause.None, why);

    public static StepVerdict From(Diagnosis diagnosis, string passDetail, IReadOnlyList<string>? warnings = null) =>
        diagnosis.IsHealthy ? Pass(passDetail, warnings) : new(StepOutcome.Fail, diagnosis.Cause, diagnosis.Explanation, warnings);
}
