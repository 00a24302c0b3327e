using Bridgehead.AppNode;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.Doctor.Browser;
using Bridgehead.Doctor.Softphone;

namespace Bridgehead.Doctor;

internal sealed partial class DoctorChecklist
{
    /// <summary>The browser half of the checklist over one transport (WS, then WSS).</summary>
    private async Task BrowserStepsAsync(string label, Uri? url, BrowserPhones? browser, string? why, ControlClient? control, DoctorSoftphone? phone, bool phoneRegistered, CancellationToken cancellationToken)
    {
        var names = new[]
        {
            $"browser registers over {label}",
            $"switch originates echo to browser ({label})",
            $"softphone -> browser ({label})",
            $"browser -> softphone ({label})",
            $"browser -> browser ({label})",
        };
        var skip = browser is null ? why : url is null ? $"the edge has no {label} listener to test (give --{label.ToLowerInvariant()} URL)" : null;
        if (skip is not null)
        {
            foreach (var name in names)
            {
                await StepAsync(name, _ => Task.FromResult(StepVerdict.Skip(skip)), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var (c, d) = (_target.Users[2], _target.Users[3]);
        var (idC, idD) = ($"{c.Name}-{label}", $"{d.Name}-{label}");
        var registered = false;
        await StepAsync(names[0], async ct =>
        {
            var verdict = await RegisterBrowserAsync(browser!, idC, c, url!, control, ct).ConfigureAwait(false);
            if (verdict.Outcome == StepOutcome.Pass)
            {
                verdict = await RegisterBrowserAsync(browser!, idD, d, url!, control, ct).ConfigureAwait(false);
            }

            registered = verdict.Outcome == StepOutcome.Pass;
            return verdict;
        }, cancellationToken).ConfigureAwait(false);

        var notRegistered = StepVerdict.Skip($"the browsers are not registered over {label}");
        await StepAsync(names[1], ct => !registered ? Task.FromResult(notRegistered) : OriginateToBrowserAsync(browser!, control, idC, c, url!, ct), cancellationToken).ConfigureAwait(false);
        await StepAsync(names[2], ct => !registered || phone is null || !phoneRegistered
            ? Task.FromResult(phone is null || !phoneRegistered ? StepVerdict.Skip("the softphone is not registered") : notRegistered)
            : SoftphoneToBrowserAsync(phone, browser!, idC, c, url!, ct), cancellationToken).ConfigureAwait(false);
        await StepAsync(names[3], ct => !registered || phone is null || !phoneRegistered
            ? Task.FromResult(phone is null || !phoneRegistered ? StepVerdict.Skip("the softphone is not registered") : notRegistered)
            : BrowserToSoftphoneAsync(browser!, idC, c, url!, phone, ct), cancellationToken).ConfigureAwait(false);
        await StepAsync(names[4], ct => !registered ? Task.FromResult(notRegistered) : BrowserToBrowserAsync(browser!, idC, c, idD, d, url!, ct), cancellationToken).ConfigureAwait(false);

        await browser!.UnregisterAsync(idC, cancellationToken).ConfigureAwait(false);
        await browser.UnregisterAsync(idD, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepVerdict> RegisterBrowserAsync(BrowserPhones browser, string id, DoctorUser user, Uri url, ControlClient? control, CancellationToken cancellationToken)
    {
        var observation = await browser.RegisterAsync(id, user, url, _target.Domain, _settings.Expires, _settings.Hold, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        if (control is not null && observation.FinalStatus is >= 200 and < 300)
        {
            observation = observation with { StoredContacts = await control.StoredContactsAsync(user.Name, cancellationToken).ConfigureAwait(false) };
        }

        return StepVerdict.From(DoctorDiagnostics.Registration(observation), $"{observation.Name}: {observation.FinalStatus} {observation.ReasonPhrase}, registered for {observation.Connection?.Registered.TotalSeconds} s");
    }

    /// <summary>The seed's failing case: `originate user/1000 &amp;echo()` to a browser (transport=ws stored at the switch, AVP offered).</summary>
    private async Task<StepVerdict> OriginateToBrowserAsync(BrowserPhones browser, ControlClient? control, string id, DoctorUser user, Uri url, CancellationToken cancellationToken)
    {
        if (control is null)
        {
            return StepVerdict.Skip(NoControl);
        }

        var incoming = browser.IncomingAsync(id, _settings.StepTimeout, cancellationToken);
        var reply = await control.OriginateAsync(user.Name, "echo", (int)_settings.StepTimeout.TotalSeconds, cancellationToken).ConfigureAwait(false);
        var call = await incoming.ConfigureAwait(false);
        var answered = reply?.Outcome == OriginateOutcome.Answered && call is { Answered: true };
        if (answered)
        {
            await Task.Delay(_settings.MediaTime, cancellationToken).ConfigureAwait(false);
        }

        var callee = await browser.LegAsync(id, $"browser {user.Name}", url, call, cancellationToken).ConfigureAwait(false);
        await browser.HangUpAsync(id, cancellationToken).ConfigureAwait(false);
        var view = reply?.CallId is { } callId ? await control.CallAsync(callId, cancellationToken).ConfigureAwait(false) : null;
        return Judge(new CallObservation
        {
            Caller = SwitchLeg(view, expectsAudio: true),
            Callee = callee,
            Answered = answered,
            FinalStatus = reply?.Status is > 0 ? reply.Status : call?.Status,
            ReasonPhrase = reply?.Reason,
            StoredContacts = await control.StoredContactsAsync(user.Name, cancellationToken).ConfigureAwait(false),
            Connections = await Connections(browser, cancellationToken, id).ConfigureAwait(false),
        });
    }

    private async Task<StepVerdict> SoftphoneToBrowserAsync(DoctorSoftphone phone, BrowserPhones browser, string id, DoctorUser user, Uri url, CancellationToken cancellationToken)
    {
        var incoming = browser.IncomingAsync(id, _settings.StepTimeout, cancellationToken);
        var placed = await phone.CallAsync(user.Name, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        var answered = await incoming.ConfigureAwait(false);
        if (placed.Answered)
        {
            await Task.Delay(_settings.MediaTime, cancellationToken).ConfigureAwait(false);
        }

        var observation = new CallObservation
        {
            Caller = LegOf(phone, placed),
            Callee = await browser.LegAsync(id, $"browser {user.Name}", url, answered, cancellationToken).ConfigureAwait(false),
            Answered = placed.Answered,
            FinalStatus = placed.FinalStatus,
            ReasonPhrase = placed.ReasonPhrase,
            Connections = await Connections(browser, cancellationToken, id).ConfigureAwait(false),
        };
        await phone.HangUpAsync(placed, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        await browser.HangUpAsync(id, cancellationToken).ConfigureAwait(false);
        return Judge(observation);
    }

    private async Task<StepVerdict> BrowserToSoftphoneAsync(BrowserPhones browser, string id, DoctorUser user, Uri url, DoctorSoftphone phone, CancellationToken cancellationToken)
    {
        var incoming = phone.NextIncomingAsync(_settings.StepTimeout, cancellationToken);
        var placed = await browser.CallAsync(id, phone.User, _target.Domain, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        var answered = await incoming.ConfigureAwait(false);
        if (placed.Answered)
        {
            await Task.Delay(_settings.MediaTime, cancellationToken).ConfigureAwait(false);
        }

        var observation = new CallObservation
        {
            Caller = await browser.LegAsync(id, $"browser {user.Name}", url, placed, cancellationToken).ConfigureAwait(false),
            Callee = LegOf(phone, answered),
            Answered = placed.Answered,
            FinalStatus = placed.Status,
            ReasonPhrase = placed.Reason,
            Connections = await Connections(browser, cancellationToken, id).ConfigureAwait(false),
        };
        await browser.HangUpAsync(id, cancellationToken).ConfigureAwait(false);
        if (answered is not null)
        {
            await phone.HangUpAsync(answered, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        }

        return Judge(observation);
    }

    private async Task<StepVerdict> BrowserToBrowserAsync(BrowserPhones browser, string idCaller, DoctorUser caller, string idCallee, DoctorUser callee, Uri url, CancellationToken cancellationToken)
    {
        var incoming = browser.IncomingAsync(idCallee, _settings.StepTimeout, cancellationToken);
        var placed = await browser.CallAsync(idCaller, callee.Name, _target.Domain, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        var answered = await incoming.ConfigureAwait(false);
        if (placed.Answered)
        {
            await Task.Delay(_settings.MediaTime, cancellationToken).ConfigureAwait(false);
        }

        var observation = new CallObservation
        {
            Caller = await browser.LegAsync(idCaller, $"browser {caller.Name}", url, placed, cancellationToken).ConfigureAwait(false),
            Callee = await browser.LegAsync(idCallee, $"browser {callee.Name}", url, answered, cancellationToken).ConfigureAwait(false),
            Answered = placed.Answered,
            FinalStatus = placed.Status,
            ReasonPhrase = placed.Reason,
            Connections = await Connections(browser, cancellationToken, idCaller, idCallee).ConfigureAwait(false),
        };
        await browser.HangUpAsync(idCaller, cancellationToken).ConfigureAwait(false);
        await browser.HangUpAsync(idCallee, cancellationToken).ConfigureAwait(false);
        return Judge(observation);
    }

    private static async Task<IReadOnlyList<ConnectionObservation>> Connections(BrowserPhones browser, CancellationToken cancellationToken, params string[] ids)
    {
        var list = new List<ConnectionObservation>();
        foreach (var id in ids)
        {
            if (await browser.ConnectionAsync(id, cancellationToken).ConfigureAwait(false) is { } c)
            {
                list.Add(c);
            }
        }

        return list;
    }
}
