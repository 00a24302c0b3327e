using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>sipp (Debian package sip-tester) with the options every application-node test wants: loopback, no stdin, bounded.</summary>
internal static class Sipp
{
    public static TestProcess Start(string workingDirectory, params string[] arguments) =>
        TestProcess.Start(Programs.Find("sipp", "sip-tester"), [.. arguments, "-i", "127.0.0.1", "-nostdin", "-timeout", "25s", "-timeout_error"], workingDirectory);
}
