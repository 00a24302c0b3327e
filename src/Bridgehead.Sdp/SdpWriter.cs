using System.Buffers;
using System.Text;

namespace Bridgehead.Sdp;

/// <summary>
/// Writes a session description. Each line goes out with the ending it came in with; lines built
/// here, and a line that was last in the body (no ending) but now has lines after it, get the
/// session's ending.
/// </summary>
public static class SdpWriter
{
    public static byte[] ToBytes(SdpSession session)
    {
        var buffer = new ArrayBufferWriter<byte>(GetByteCount(session));
        Write(session, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(SdpSession session)
    {
        var buffer = new ArrayBufferWriter<byte>(GetByteCount(session));
        Write(session, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static int GetByteCount(SdpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var total = session.Trailer.Length;
        foreach (var line in AllLines(session))
        {
            total += 2 + line.ValueEncoding.GetByteCount(line.Value) + 2;
        }

        return total;
    }

    public static void Write(SdpSession session, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(output);
        var defaultEnding = session.Lines.Count > 0 && session.Lines[0].Ending == SdpLineEnding.Lf ? "\n"u8 : "\r\n"u8;
        SdpLine? previous = null;
        foreach (var line in AllLines(session))
        {
            if (previous is not null)
            {
                WriteEnding(previous.Ending, defaultEnding, output);
            }

            var count = line.ValueEncoding.GetByteCount(line.Value);
            var span = output.GetSpan(count + 2);
            span[0] = (byte)line.Type;
            span[1] = (byte)'=';
            var written = line.ValueEncoding.GetBytes(line.Value, span[2..]);
            output.Advance(written + 2);
            previous = line;
        }

        if (previous is not null)
        {
            // The last line keeps "no ending" only if nothing follows it.
            if (previous.Ending != SdpLineEnding.None || session.Trailer.Length > 0)
            {
                WriteEnding(previous.Ending, defaultEnding, output);
            }
        }

        if (session.Trailer.Length > 0)
        {
            var span = output.GetSpan(session.Trailer.Length);
            var written = Encoding.ASCII.GetBytes(session.Trailer, span);
            output.Advance(written);
        }
    }

    private static void WriteEnding(SdpLineEnding ending, ReadOnlySpan<byte> defaultEnding, IBufferWriter<byte> output)
    {
        var bytes = ending switch
        {
            SdpLineEnding.CrLf => "\r\n"u8,
            SdpLineEnding.Lf => "\n"u8,
            _ => defaultEnding,
        };
        output.Write(bytes);
    }

    private static IEnumerable<SdpLine> AllLines(SdpSession session)
    {
        foreach (var line in session.Lines)
        {
            yield return line;
        }

        foreach (var media in session.Media)
        {
            foreach (var line in media.Lines)
            {
                yield return line;
            }
        }
    }
}
