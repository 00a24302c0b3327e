using Bridgehead.AppNode;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.Doctor.Softphone;

namespace Bridgehead.Doctor;

internal sealed partial class DoctorChecklist
{
    private const string NoControl = "no control endpoint of the application node to originate from: give --data with the server's data folder, or --control URL --token";

    /// <summary>The seed's `originate user/1000 &amp;playback(...)` and `&amp;echo()` to a registered softphone.</summary>
    private async Task<StepVerdict> OriginateToSoftphoneAsync(ControlClient? control, DoctorSoftphone? phone, bool registered, string application, CancellationToken cancellationToken)
    {
        if (control is null)
        {
            return StepVerdict.Skip(NoControl);
        }

        if (phone is null || !registered)
        {
            return StepVerdict.Skip("the softphone is not registered");
        }

        var incoming = phone.NextIncomingAsync(_settings.StepTimeout, cancellationToken);
        var reply = await control.OriginateAsync(phone.User, application, (int)_settings.StepTimeout.TotalSeconds, cancellationToken).ConfigureAwait(false);
        var call = await incoming.ConfigureAwait(false);
        if (call is { Answered: true } && reply?.Outcome == OriginateOutcome.Answered)
        {
            await Task.WhenAny(call.Ended.Task, Task.Delay(_settings.MediaTime, cancellationToken)).ConfigureAwait(false);
        }

        var callee = LegOf(phone, call) with { ExpectsEcho = application == "echo" };
        if (call is not null)
        {
            await phone.HangUpAsync(call, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        }

        var view = reply?.CallId is { } id ? await control.CallAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var observation = new CallObservation
        {
            Caller = SwitchLeg(view, expectsAudio: false),
            Callee = callee,
            Answered = reply?.Outcome == OriginateOutcome.Answered && call is { Answered: true },
            FinalStatus = reply?.Status is > 0 ? reply.Status : call?.FinalStatus,
            ReasonPhrase = reply?.Reason,
            StoredContacts = await control.StoredContactsAsync(phone.User, cancellationToken).ConfigureAwait(false),
        };
        return Judge(observation);
    }

    private async Task<StepVerdict> SoftphoneToSoftphoneAsync(DoctorSoftphone? caller, DoctorSoftphone? callee, bool registered, CancellationToken cancellationToken)
    {
        if (caller is null || callee is null)
        {
            return StepVerdict.Skip("needs two users for two softphones (--user twice)");
        }

        if (!registered)
        {
            return StepVerdict.Skip("the softphones are not registered");
        }

        var incoming = callee.NextIncomingAsync(_settings.StepTimeout, cancellationToken);
        var placed = await caller.CallAsync(callee.User, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        var answered = await incoming.ConfigureAwait(false);
        if (placed.Answered)
        {
            await Task.Delay(_settings.MediaTime, cancellationToken).ConfigureAwait(false);
        }

        var observation = new CallObservation
        {
            Caller = LegOf(caller, placed),
            Callee = LegOf(callee, answered),
            Answered = placed.Answered,
            FinalStatus = placed.FinalStatus,
            ReasonPhrase = placed.ReasonPhrase,
        };
        await caller.HangUpAsync(placed, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        if (answered is not null)
        {
            await callee.HangUpAsync(answered, _settings.StepTimeout, cancellationToken).ConfigureAwait(false);
        }

        return Judge(observation);
    }

    private static LegObservation LegOf(DoctorSoftphone phone, SoftphoneCall? call) => new()
    {
        Name = phone.Name,
        Kind = PeerKind.Softphone,
        EdgeAddress = phone.EdgeAddress,
        ReceivedSdp = call?.ReceivedSdp,
        Failure = call?.Failure,
        Measured = call is not null,
        PacketsSent = call?.Media.PacketsSent ?? 0,
        PacketsReceived = call?.Media.PacketsReceived ?? 0,
        VoicedPacketsReceived = call?.Media.VoicedPacketsReceived ?? 0,
        EchoedPackets = call?.Media.EchoedPackets ?? 0,
    };

    private static LegObservation SwitchLeg(Bridgehead.AppNode.Hosting.CallView? view, bool expectsAudio) => new()
    {
        Name = "the switch",
        Kind = PeerKind.Switch,
        Measured = view is not null,
        ExpectsAudio = expectsAudio,
        PacketsSent = view?.RtpSent ?? 0,
        PacketsReceived = view?.RtpReceived ?? 0,

        // The node counts packets, not their level: what reached it is taken as sound.
        VoicedPacketsReceived = view?.RtpReceived ?? 0,
    };
}
