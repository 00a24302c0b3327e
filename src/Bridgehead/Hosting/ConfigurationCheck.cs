using Bridgehead.Routing;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;
using Bridgehead.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridgehead.Hosting;

/// <summary>
/// Binds and validates every settings section before the host is built, so that a bad
/// configuration is reported whole. Without it the first section that is read wins: Kestrel
/// reads the transport's listeners while the app is built, and its exception hid every other
/// error (and a value that does not bind, such as a malformed TimeSpan, escaped as a crash).
/// </summary>
internal static class ConfigurationCheck
{
    public static void ThrowIfInvalid(IServiceCollection services)
    {
        var failures = new List<string>();
        using (var provider = services.BuildServiceProvider())
        {
            Check<SipTransportOptions>(provider, failures, SipTransportOptions.SectionName + ": ");
            Check<SipTimerOptions>(provider, failures, "Sip:Timers: ");
            Check<StorageOptions>(provider, failures, string.Empty);
            Check<ProxyOptions>(provider, failures, string.Empty);
            Check<RegistrarOptions>(provider, failures, string.Empty);
            Check<AuthOptions>(provider, failures, string.Empty);
            Check<Bridgehead.Routing.Media.MediaOptions>(provider, failures, string.Empty);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EdgeSettings), failures);
        }
    }

    private static void Check<T>(IServiceProvider provider, List<string> failures, string prefix)
        where T : class
    {
        try
        {
            _ = provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures.Select(f => f.StartsWith(prefix, StringComparison.Ordinal) ? f : prefix + f));
        }
        catch (InvalidOperationException e)
        {
            // The binder: "Failed to convert configuration value 'x' at 'Sip:Transport:IdleTimeout' to type 'System.TimeSpan'."
            failures.Add(e.Message);
        }
    }
}
