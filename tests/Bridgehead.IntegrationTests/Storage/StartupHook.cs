using Bridgehead.IntegrationTests.Storage;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook in no namespace.

/// <summary>
/// A .NET startup hook (DOTNET_STARTUP_HOOKS): the kill test starts this assembly as a child
/// process with the hook and <see cref="LocationKillChild.EnvironmentVariable"/> set, and the
/// child's work runs here, before the test runner's Main. Without the variable, nothing happens.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(LocationKillChild.EnvironmentVariable) is { Length: > 0 } arguments)
        {
            Environment.Exit(LocationKillChild.Run(arguments));
        }
    }
}
