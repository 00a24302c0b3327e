using Microsoft.Extensions.Configuration;

namespace Bridgehead.Hosting;

/// <summary>
/// Every setting comes from, in rising precedence: built-in defaults, the JSON file of
/// --config, environment variables with the BRIDGEHEAD_ prefix (BRIDGEHEAD_Proxy__DefaultRoute),
/// and command-line flags.
/// </summary>
internal static class EdgeConfiguration
{
    public static void Apply(ConfigurationManager configuration, EdgeSettings settings)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Data:Directory"] = "data",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:File:MaxBytes"] = "10485760",
            ["Logging:File:Keep"] = "5",
        });
        if (settings.ConfigFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(settings.ConfigFile), optional: false, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables("BRIDGEHEAD_");
        var flags = new Dictionary<string, string?>();
        if (settings.DataDirectory is not null)
        {
            flags["Data:Directory"] = settings.DataDirectory;
        }

        if (settings.Auth is { } auth)
        {
            flags["Auth:Enabled"] = auth ? "true" : "false";
        }

        if (settings.DefaultRoute is not null)
        {
            flags["Proxy:DefaultRoute"] = settings.DefaultRoute;
        }

        if (settings.Management is not null)
        {
            flags["Management:Listen"] = settings.Management;
        }

        if (settings.LogLevel is not null)
        {
            flags["Logging:LogLevel:Default"] = settings.LogLevel;
        }

        configuration.AddInMemoryCollection(flags);
    }

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Data:Directory"] ?? "data");
}
