namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// Where the real peers of the interop tests (kamailio, rtpengine, sipp, chromium, node) are
/// installed, or a failure that names the Debian package to install.
/// </summary>
public static class Programs
{
    // Debian puts daemons in sbin, which a non-login PATH may leave out.
    private static readonly string[] StandardFolders = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

    /// <summary>The full path of <paramref name="program"/> on PATH or in the standard folders.</summary>
    /// <exception cref="InvalidOperationException">It is not installed; the message says which package provides it.</exception>
    public static string Find(string program, string debianPackage)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(StandardFolders);
        return folders.Select(f => Path.Combine(f, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{program} is not installed. This test drives a real {program}: install the Debian package {debianPackage} " +
                $"(apt-get install --no-install-recommends {debianPackage}); the test command is expected to do this.");
    }
}
