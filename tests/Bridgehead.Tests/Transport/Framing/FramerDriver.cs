using System.Buffers;
using System.Text;
using Bridgehead.Sip.Transport.Framing;

namespace Bridgehead.Tests.Transport.Framing;

/// <summary>
/// Feeds chunks to <see cref="SipStreamFramer"/> the way a PipeReader loop does: unconsumed octets
/// stay (as separate segments, so multi-segment paths run), each read frames until NeedMore.
/// </summary>
internal static class FramerDriver
{
    public static List<string> Run(IEnumerable<byte[]> chunks, int maxMessageSize = SipStreamFramer.DefaultMaxMessageSize) =>
        Run(chunks, maxMessageSize, out _);

    /// <summary>Events as text: "msg:&lt;octets&gt;", "ping", "error:&lt;reason&gt;"; <paramref name="pendingStarted"/> tells whether a message was left half-read.</summary>
    public static List<string> Run(IEnumerable<byte[]> chunks, int maxMessageSize, out bool pendingStarted)
    {
        var events = new List<string>();
        var pending = new List<byte[]>();
        pendingStarted = false;
        foreach (var chunk in chunks)
        {
            if (chunk.Length == 0)
            {
                continue;
            }

            pending.Add(chunk);
            while (true)
            {
                var buffer = Segments.Create(pending);
                var frame = SipStreamFramer.Read(buffer, maxMessageSize, out var consumed, out var examined);
                switch (frame.Status)
                {
                    case SipFrameStatus.Message:
                        Assert.Equal(consumed, examined);
                        events.Add("msg:" + Encoding.Latin1.GetString(frame.Message.ToArray()));
                        break;
                    case SipFrameStatus.KeepAlivePing:
                        events.Add("ping");
                        break;
                    case SipFrameStatus.Error:
                        events.Add("error:" + frame.Error);
                        return events;
                    default:
                        Assert.Equal(buffer.End, examined);
                        pendingStarted = frame.MessageStarted;
                        break;
                }

                pending = [.. Rest(buffer, consumed)];
                if (frame.Status == SipFrameStatus.NeedMore)
                {
                    break;
                }
            }
        }

        return events;
    }

    public static IEnumerable<byte[]> SplitAt(byte[] stream, params int[] positions)
    {
        var start = 0;
        foreach (var p in positions)
        {
            yield return stream[start..p];
            start = p;
        }

        yield return stream[start..];
    }

    private static IEnumerable<byte[]> Rest(ReadOnlySequence<byte> buffer, SequencePosition consumed)
    {
        foreach (var memory in buffer.Slice(consumed))
        {
            if (!memory.IsEmpty)
            {
                yield return memory.ToArray();
            }
        }
    }
}

/// <summary>Builds a ReadOnlySequence with one segment per array.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Create(IReadOnlyList<byte[]> arrays)
    {
        if (arrays.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(arrays[0], 0);
        var last = first;
        for (var i = 1; i < arrays.Count; i++)
        {
            var next = new Segments(arrays[i], last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
