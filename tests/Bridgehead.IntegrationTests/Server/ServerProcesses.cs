namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// Tests that run the bridgehead process. They run one at a time, after the parallel tests: each
/// server is a whole .NET process and the machine has two cores, and timing checks (timeouts,
/// retransmissions) must not starve.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcesses
{
    public const string Name = "bridgehead server process";
}
