using System.CommandLine;

namespace Bridgehead.Cli;

/// <summary>The options every command that talks to the running server takes.</summary>
internal sealed class ApiCommandOptions
{
    public Option<string?> Server { get; } = ManagementClient.ServerOption();

    public Option<string?> Token { get; } = ManagementClient.TokenOption();

    public Option<string?> Config { get; } = CommonOptions.Config();

    public Option<string?> Data { get; } = CommonOptions.Data();

    public Option<bool> Json { get; } = ManagementClient.JsonOption();

    /// <summary>Adds the options to a command group; subcommands inherit them (they are recursive).</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Server, Token, Config, Data, Json })
        {
            option.Recursive = true;
            command.Options.Add(option);
        }
    }

    public async Task<int> RunAsync(ParseResult result, Func<ManagementClient, bool, Task<int>> action)
    {
        using var client = ManagementClient.Create(result, Server, Token, Config, Data);
        return client is null ? 2 : await action(client, result.GetValue(Json)).ConfigureAwait(false);
    }
}
