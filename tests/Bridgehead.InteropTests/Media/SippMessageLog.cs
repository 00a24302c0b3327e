using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridgehead.InteropTests.Media;

/// <summary>
/// The SDP media address in sipp's message log (-trace_msg -message_file): what one side sent or
/// received, found by the first line of the message (an INVITE, a 200 to an INVITE).
/// </summary>
internal static partial class SippMessageLog
{
    /// <summary>c= address and m=audio port of the first message <paramref name="received"/> (or sent) whose start line begins with <paramref name="startLine"/>; null if none.</summary>
    public static (string Address, int Port)? AudioOf(string log, bool received, string startLine)
    {
        // sipp separates messages with a row of dashes and a time stamp, then "UDP message received|sent".
        foreach (var block in log.Split("-----------------------------------------------", StringSplitOptions.RemoveEmptyEntries))
        {
            var direction = received ? "message received" : "message sent";
            var heading = block.IndexOf(direction, StringComparison.Ordinal);
            if (heading < 0)
            {
                continue;
            }

            var message = block[(block.IndexOf('\n', heading) + 1)..].TrimStart();
            if (!message.StartsWith(startLine, StringComparison.Ordinal) || !message.Contains("CSeq: 1 INVITE", StringComparison.Ordinal))
            {
                continue;
            }

            var connection = Connection().Match(message);
            var audio = Audio().Match(message);
            if (connection.Success && audio.Success)
            {
                return (connection.Groups[1].Value, int.Parse(audio.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    [GeneratedRegex(@"^c=IN IP4 (\S+)", RegexOptions.Multiline)]
    private static partial Regex Connection();

    [GeneratedRegex(@"^m=audio (\d+) ", RegexOptions.Multiline)]
    private static partial Regex Audio();
}
