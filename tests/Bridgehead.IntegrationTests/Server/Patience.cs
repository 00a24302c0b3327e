namespace Bridgehead.IntegrationTests.Server;

/// <summary>How long a test waits for the server: generous, because a loaded two-core machine is slow, but always bounded.</summary>
internal static class Patience
{
    /// <summary>For an answer that should come at once.</summary>
    public static readonly TimeSpan Answer = TimeSpan.FromSeconds(10);

    /// <summary>How long silence must last to count as "nothing was sent".</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(600);
}
