namespace Bridgehead.Hosting;

/// <summary>
/// Asks .NET's socket engine to run socket completions on its own epoll thread instead of
/// posting each one to the thread pool. With Kestrel's inline scheduling
/// (<c>Sip:Transport:InlineSocketScheduling</c>) a SIP message on a WebSocket or TCP connection
/// is then read, handled and answered without a thread hand-off: at 10,000 browser connections
/// refreshing their registrations, the hand-offs — a thread wake-up each — cost more CPU than the
/// messages. SIP handling never blocks a transport thread (storage waits are asynchronous).
/// </summary>
internal static class InlineSocketCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on unless the environment already says (0 keeps the thread pool).
    /// Must run before the first asynchronous socket operation: the engine reads the variable once.
    /// </summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
