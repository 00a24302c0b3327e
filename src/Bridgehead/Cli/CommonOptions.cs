using System.CommandLine;

namespace Bridgehead.Cli;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config") { Description = "A JSON configuration file." };

    public static Option<string?> Data() => new("--data") { Description = "Where the database, certificates and logs live (default ./data)." };
}
