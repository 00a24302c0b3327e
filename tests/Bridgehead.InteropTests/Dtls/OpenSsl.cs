using System.Text;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Dtls;

/// <summary>
/// The openssl command line (Debian package openssl) as a child process of a test. Standard
/// input stays open (TestProcess redirects it), since s_server and s_client end the connection
/// at end of input: <see cref="TestProcess.CloseInput"/> is how a test makes them send close_notify.
/// </summary>
internal static class OpenSsl
{
    public static TestProcess Start(string workingDirectory, params string[] arguments) =>
        TestProcess.Start(Programs.Find("openssl", "openssl"), arguments, workingDirectory);

    /// <summary>Runs a short openssl command to its end and returns its output; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (code, output) = await TestProcess.RunAsync(Programs.Find("openssl", "openssl"), arguments, workingDirectory, timeout);
        return code == 0 ? output : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited with {code}: {output}");
    }

    /// <summary>The PEM block that follows <paramref name="heading"/> in the output (s_server prints "Client certificate", s_client "Server certificate").</summary>
    public static string PemAfter(TestProcess openssl, string heading)
    {
        var text = openssl.Output.Text;
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        var begin = text.IndexOf("-----BEGIN CERTIFICATE-----", start < 0 ? 0 : start, StringComparison.Ordinal);
        const string endMarker = "-----END CERTIFICATE-----";
        var end = text.IndexOf(endMarker, Math.Max(begin, 0), StringComparison.Ordinal);
        if (start < 0 || begin < 0 || end < 0)
        {
            throw new InvalidOperationException($"no certificate after '{heading}' in:\n{text}");
        }

        return new StringBuilder(text[begin..(end + endMarker.Length)]).Append('\n').ToString();
    }
}
