using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// Identifies a transaction (RFC 3261 §17.1.3, §17.2.3): the branch of the top Via, its sent-by
/// (server side only) and the method, with ACK matching its INVITE. Compared byte-exact:
/// retransmissions repeat the request as it was, and hash and equality must agree. Keys refer to the bytes of the
/// message that created or carries them, so building one allocates nothing.
/// </summary>
public readonly struct TransactionKey : IEquatable<TransactionKey>
{
    private readonly ReadOnlyMemory<byte> _branch;
    private readonly ReadOnlyMemory<byte> _sentBy;
    private readonly ReadOnlyMemory<byte> _method;
    private readonly int _hash;

    public TransactionKey(ReadOnlyMemory<byte> branch, ReadOnlyMemory<byte> sentBy, ReadOnlyMemory<byte> method)
    {
        _branch = branch;
        _sentBy = sentBy;
        _method = method;
        var h = new HashCode();
        h.AddBytes(branch.Span);
        h.AddBytes(sentBy.Span);
        h.AddBytes(method.Span);
        _hash = h.ToHashCode();
    }

    public ReadOnlyMemory<byte> Branch => _branch;

    internal ReadOnlySpan<byte> SentBy => _sentBy.Span;

    internal ReadOnlySpan<byte> Method => _method.Span;

    /// <summary>
    /// The same key over one small array of its own, so that a transaction stored under it does
    /// not keep the whole message it came from alive (a UDP transaction lives 32 s after its final
    /// response; holding a 1 KB request for that long is most of a busy edge's heap).
    /// </summary>
    public TransactionKey Owned() => CopyTo(new byte[Length]);

    /// <summary>How many bytes the key's fields take.</summary>
    internal int Length => _branch.Length + _sentBy.Length + _method.Length;

    /// <summary>The same key over the first <see cref="Length"/> bytes of <paramref name="bytes"/>.</summary>
    internal TransactionKey CopyTo(byte[] bytes)
    {
        _branch.Span.CopyTo(bytes);
        _sentBy.Span.CopyTo(bytes.AsSpan(_branch.Length));
        _method.Span.CopyTo(bytes.AsSpan(_branch.Length + _sentBy.Length));
        var memory = bytes.AsMemory();
        return new TransactionKey(memory[.._branch.Length], memory.Slice(_branch.Length, _sentBy.Length), memory.Slice(_branch.Length + _sentBy.Length, _method.Length));
    }

    private static readonly ReadOnlyMemory<byte> InviteToken = "INVITE"u8.ToArray();

    /// <summary>
    /// The key a request matches as a server transaction. RFC 3261 branches match on branch,
    /// sent-by and method (ACK → INVITE). Requests from RFC 2543 elements carry no magic cookie
    /// (RFC 4475 inv2543, badbranch) and match on Call-ID, CSeq number, From tag, Request-URI and
    /// the whole top Via (§17.2.3), which <paramref name="rfc2543Identity"/> receives when needed.
    /// </summary>
    public static TransactionKey ForServer(SipMessage request, out byte[]? rfc2543Identity) =>
        ForServer(request, request.Method == SipMethod.Ack ? InviteToken : request.CSeq.MethodToken, out rfc2543Identity);

    /// <summary>The key of the INVITE server transaction that a CANCEL or ACK with these fields refers to.</summary>
    public static TransactionKey ForServerInvite(SipMessage request) => ForServer(request, InviteToken, out _);

    private static TransactionKey ForServer(SipMessage request, ReadOnlyMemory<byte> method, out byte[]? rfc2543Identity)
    {
        var via = request.TopVia;
        if (via.HasMagicCookie)
        {
            rfc2543Identity = null;
            return new TransactionKey(via.Branch, via.SentBy, method);
        }

        using var writer = new SipMessageWriter(256);
        writer.Write(request.CallId.Span).Write((byte)'|').WriteDecimal(request.CSeq.Number).Write((byte)'|')
            .Write(request.From.Tag.Span).Write((byte)'|').Write(request.RequestUri).Write((byte)'|').Write(via.SentBy.Span)
            .Write((byte)'|').Write(via.Branch.Span);
        rfc2543Identity = writer.ToArray();
        return new TransactionKey(rfc2543Identity, default, method);
    }

    /// <summary>The key a response matches as a client transaction: top Via branch and CSeq method.</summary>
    public static TransactionKey ForClientResponse(SipMessage response) =>
        new(response.TopVia.Branch, default, response.CSeq.MethodToken);

    public static TransactionKey ForClient(ReadOnlyMemory<byte> branch, ReadOnlyMemory<byte> method) => new(branch, default, method);

    public bool Equals(TransactionKey other) =>
        _hash == other._hash
        && _branch.Span.SequenceEqual(other._branch.Span)
        && _method.Span.SequenceEqual(other._method.Span)
        && _sentBy.Span.SequenceEqual(other._sentBy.Span);

    public override bool Equals(object? obj) => obj is TransactionKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public static bool operator ==(TransactionKey left, TransactionKey right) => left.Equals(right);

    public static bool operator !=(TransactionKey left, TransactionKey right) => !left.Equals(right);
}
