using System.Diagnostics;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.Doctor.Browser;
using Bridgehead.Doctor.Softphone;

namespace Bridgehead.Doctor;

/// <summary>
/// The field report's manual test plan, run by itself (PRODUCT.md, "The debugging checklist it
/// automates"): softphones register; the switch originates playback, then echo, to a softphone;
/// a browser registers over WS; softphone->softphone, softphone->browser, browser->softphone,
/// browser->browser; then the browser steps again over WSS. Each step ends PASS, FAIL with the
/// cause <see cref="DoctorDiagnostics"/> names, or SKIP with what it lacked.
/// </summary>
internal sealed partial class DoctorChecklist
{
    private readonly DoctorTarget _target;
    private readonly DoctorSettings _settings;
    private readonly IDoctorReporter _reporter;
    private readonly List<StepResult> _results = [];
    private readonly Random _random = new();

    public DoctorChecklist(DoctorTarget target, DoctorSettings settings, IDoctorReporter reporter)
    {
        _target = target;
        _settings = settings;
        _reporter = reporter;
    }

    public IReadOnlyList<StepResult> Results => _results;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var control = _target.Control is { } controlUrl && _target.ControlToken is { } token ? new ControlClient(controlUrl, token) : null;
        var users = _target.Users;
        await using var phoneA = users.Count > 0 ? new DoctorSoftphone(users[0].Name, users[0].Password, _target.Sip, _target.Domain, _random) : null;
        await using var phoneB = users.Count > 1 ? new DoctorSoftphone(users[1].Name, users[1].Password, _target.Sip, _target.Domain, _random) : null;

        var registered = false;
        await StepAsync("softphone registers", async ct =>
        {
            if (phoneA is null)
            {
                return StepVerdict.Skip("no user to register: give --user USER:PASSWORD (made with `bridgehead user add`), or --start");
            }

            var verdict = await RegisterSoftphoneAsync(phoneA, control, ct).ConfigureAwait(false);
            if (verdict.Outcome == StepOutcome.Pass && phoneB is not null)
            {
                verdict = await RegisterSoftphoneAsync(phoneB, control, ct).ConfigureAwait(false);
            }

            registered = verdict.Outcome == StepOutcome.Pass;
            return verdict;
        }, cancellationToken).ConfigureAwait(false);

        await StepAsync("switch originates playback to softphone", ct => OriginateToSoftphoneAsync(control, phoneA, registered, "playback", ct), cancellationToken).ConfigureAwait(false);
        await StepAsync("switch originates echo to softphone", ct => OriginateToSoftphoneAsync(control, phoneA, registered, "echo", ct), cancellationToken).ConfigureAwait(false);
        await StepAsync("softphone -> softphone", ct => SoftphoneToSoftphoneAsync(phoneA, phoneB, registered, ct), cancellationToken).ConfigureAwait(false);

        var (browser, why) = users.Count > 2 ? await BrowserPhones.StartAsync(_settings, cancellationToken).ConfigureAwait(false) : (null, "needs a third and fourth user for the browsers (--user)");
        await using (browser)
        {
            foreach (var (label, url) in new (string, Uri?)[] { ("WS", _target.WebSocket), ("WSS", _target.SecureWebSocket) })
            {
                await BrowserStepsAsync(label, url, browser, why, control, phoneA, registered, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StepAsync(string name, Func<CancellationToken, Task<StepVerdict>> body, CancellationToken cancellationToken)
    {
        _reporter.Started(name);
        var started = Stopwatch.GetTimestamp();
        StepVerdict verdict;
        try
        {
            verdict = await body(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException or System.Text.Json.JsonException or System.Net.WebSockets.WebSocketException)
        {
            verdict = new StepVerdict(StepOutcome.Fail, DoctorCause.NoResponse, $"{ex.GetType().Name}: {ex.Message}");
        }

        var result = new StepResult(name, verdict.Outcome, Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2), verdict.Cause, verdict.Detail, verdict.Warnings ?? []);
        _results.Add(result);
        _reporter.Finished(result);
    }

    private async Task<StepVerdict> RegisterSoftphoneAsync(DoctorSoftphone phone, ControlClient? control, CancellationToken cancellationToken)
    {
        var observation = await phone.RegisterAsync(_settings.Expires, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        if (control is not null && observation.FinalStatus is >= 200 and < 300)
        {
            observation = observation with { StoredContacts = await control.StoredContactsAsync(phone.User, cancellationToken).ConfigureAwait(false) };
        }

        return StepVerdict.From(DoctorDiagnostics.Registration(observation), $"{phone.Name}: {observation.FinalStatus} {observation.ReasonPhrase}");
    }

    private static string Counts(LegObservation leg) =>
        leg.Measured ? $"{leg.Name} sent {leg.PacketsSent}, received {leg.PacketsReceived} RTP ({leg.VoicedPacketsReceived} voiced{(leg.ExpectsEcho ? $", {leg.EchoedPackets} its own" : string.Empty)})" : string.Empty;

    private static StepVerdict Judge(CallObservation call) =>
        StepVerdict.From(DoctorDiagnostics.Call(call), string.Join("; ", new[] { Counts(call.Caller), Counts(call.Callee) }.Where(s => s.Length > 0)), DoctorDiagnostics.Warnings(call));
}
