using System.Net;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Media;

/// <summary>Checks the Media section, every error at once.</summary>
public sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Media:Mode '{options.Mode}' is not one of relay, external, off.");
        }

        if (options.Mode == MediaMode.External && (string.IsNullOrWhiteSpace(options.Ng) || !IPEndPoint.TryParse(options.Ng, out var ng) || ng.Port == 0))
        {
            errors.Add($"Media:Ng '{options.Ng}' must be the relay's ng address with a port (e.g. 127.0.0.1:2223) when Media:Mode is external.");
        }

        if (options.NgRetransmitInterval <= TimeSpan.Zero)
        {
            errors.Add("Media:NgRetransmitInterval must be positive.");
        }

        if (options.NgAttempts is < 1 or > 10)
        {
            errors.Add($"Media:NgAttempts ({options.NgAttempts}) must be between 1 and 10.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            errors.Add("Media:CommandTimeout must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.WebRtcFlags) || string.IsNullOrWhiteSpace(options.PlainFlags) || string.IsNullOrWhiteSpace(options.WebRtcAnswerFlags))
        {
            errors.Add("Media:WebRtcFlags, Media:WebRtcAnswerFlags and Media:PlainFlags must not be empty.");
        }

        if (options.PublicAddress is { } address && (!IPAddress.TryParse(address, out var ip) || SdpNatFix.IsPrivate(ip)))
        {
            errors.Add($"Media:PublicAddress '{address}' must be a public IP address.");
        }

        if (options.CallLifetime <= TimeSpan.Zero)
        {
            errors.Add("Media:CallLifetime must be positive.");
        }

        if (options.MaxCalls < 1)
        {
            errors.Add($"Media:MaxCalls ({options.MaxCalls}) must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
