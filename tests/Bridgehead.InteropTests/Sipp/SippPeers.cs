namespace Bridgehead.InteropTests.Sipp;

/// <summary>
/// sipp against the running server. One test at a time: each pushes hundreds of calls through a
/// whole server process on a two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SippPeers
{
    public const string Name = "sipp against bridgehead";
}
