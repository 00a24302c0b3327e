using System.Buffers.Text;

namespace Bridgehead.Sip;

/// <summary>
/// Branch parameters for the Via a proxy adds (RFC 3261 §16.6 step 8, §16.11). A branch is
/// "z9hG4bK" + a hash of the request's identity (Request-URI, Call-ID, From tag, To tag, CSeq
/// number) + "." + a part unique to this server process and client transaction. The hash part lets
/// the proxy recognise its own earlier Via when a request loops back unchanged (§16.3 step 4:
/// 482), while a spiral — the same request with a new Request-URI — hashes differently.
/// </summary>
public sealed class BranchGenerator
{
    private readonly uint _instance;
    private long _sequence;

    /// <param name="instance">A per-process random value so branches stay unique across restarts.</param>
    public BranchGenerator(uint instance) => _instance = instance;

    /// <summary>Longest branch this writes: cookie 7 + hash 16 + '.' + instance 8 + sequence or hash 16.</summary>
    public const int MaxLength = 48;

    /// <summary>Writes a fresh branch for a request with this loop hash; returns its length.</summary>
    public int Write(Span<byte> destination, ulong loopHash)
    {
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        Via.MagicCookie.CopyTo(destination);
        var p = Via.MagicCookie.Length;
        p += WriteHex(destination[p..], loopHash, 16);
        destination[p++] = (byte)'.';
        p += WriteHex(destination[p..], _instance, 8);
        p += WriteHex(destination[p..], sequence, 0);
        return p;
    }

    /// <summary>
    /// A branch for a request forwarded statelessly (an ACK of a 2xx): the same for every
    /// retransmission of that request, as RFC 3261 §16.11 asks, because it is derived from the
    /// incoming branch instead of a sequence number.
    /// </summary>
    public int WriteStateless(Span<byte> destination, ulong loopHash, ReadOnlySpan<byte> incomingBranch)
    {
        var h = 14695981039346656037UL;
        foreach (var b in incomingBranch)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        Via.MagicCookie.CopyTo(destination);
        var p = Via.MagicCookie.Length;
        p += WriteHex(destination[p..], loopHash, 16);
        destination[p++] = (byte)'.';
        p += WriteHex(destination[p..], _instance, 8);
        p += WriteHex(destination[p..], h, 16);
        return p;
    }

    /// <summary>The loop hash inside a branch this generator wrote, if it is one.</summary>
    public static bool TryReadLoopHash(ReadOnlySpan<byte> branch, out ulong hash)
    {
        hash = 0;
        var cookie = Via.MagicCookie.Length;
        return branch.Length > cookie + 17 && branch.StartsWith(Via.MagicCookie) && branch[cookie + 16] == '.'
            && Utf8Parser.TryParse(branch.Slice(cookie, 16), out hash, out var consumed, 'x') && consumed == 16;
    }

    /// <summary>
    /// FNV-1a over what identifies the request as received: a request that comes back with the
    /// same values has looped. Stable across processes (no randomised string hashing).
    /// </summary>
    public static ulong LoopHash(SipMessage request)
    {
        var h = 14695981039346656037UL;
        h = Mix(h, request.RequestUri);
        h = Mix(h, request.CallId.Span);
        h = Mix(h, request.From.Tag.Span);
        h = Mix(h, request.To.Tag.Span);
        Span<byte> number = stackalloc byte[10];
        var n = SipText.WriteDecimal(number, request.CSeq.Number);
        h = Mix(h, number[..n]);
        return h;
    }

    private static ulong Mix(ulong h, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        // A separator so that ("ab","c") and ("a","bc") differ.
        return (h ^ 0xff) * 1099511628211UL;
    }

    private static int WriteHex(Span<byte> destination, ulong value, int width)
    {
        var format = width == 16 ? new System.Buffers.StandardFormat('x', 16) : width == 8 ? new System.Buffers.StandardFormat('x', 8) : new System.Buffers.StandardFormat('x');
        if (!Utf8Formatter.TryFormat(value, destination, out var written, format))
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        return written;
    }
}
