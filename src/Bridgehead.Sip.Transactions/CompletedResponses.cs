using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// Non-INVITE server transactions in the Completed state on an unreliable transport (RFC 3261
/// §17.2.2): for Timer J, 64·T1, all they still do is answer a retransmitted request with their
/// final response. A busy registrar holds 32 s of them — 96,000 at 3,000 REGISTER/s. Kept as
/// objects, every one would be copied by two young-generation collections and then be collected
/// from the oldest one; measured at 3,000 REGISTER/s that cost 13% of the server's CPU. So each is
/// a record written into large chunks of bytes (key, response, address: see <see cref="Record"/>)
/// that the collector never moves or scans, and the table holds only (hash, position) pairs.
/// Every record lives the same Timer J, so records expire in the order they were written: expiry
/// walks from the oldest, and a chunk whose records have all expired is used again.
/// </summary>
internal sealed class CompletedResponses : IScheduled
{
    /// <summary>Above the large-object threshold: chunks are allocated once, never moved, never copied.</summary>
    internal const int ChunkSize = 128 * 1024;

    /// <summary>Emptied chunks kept for reuse, so a steady load allocates none.</summary>
    private const int SpareChunks = 4;

    private readonly TransactionLayer _layer;
    private readonly HashSet<Kept> _byKey;
    private readonly List<byte[]> _chunks = []; // _chunks[i] holds positions of chunk number _firstChunk + i
    private readonly Stack<byte[]> _spare = new();
    private readonly Lock _lock = new();
    private long _firstChunk;
    private long _head; // where the next record goes
    private long _tail; // the oldest record
    private TransactionKey _probe; // the key being looked up (position -1), under the lock
    private bool _armed;

    public CompletedResponses(TransactionLayer layer)
    {
        _layer = layer;
        _byKey = new HashSet<Kept>(new KeptComparer(this));
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Chunks in use and spare, for tests and diagnostics.</summary>
    internal int ChunkCount
    {
        get
        {
            lock (_lock)
            {
                return _chunks.Count + _spare.Count;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="response"/> for retransmissions of the request with <paramref name="key"/>
    /// until Timer J, answering to <paramref name="destination"/> (a UDP address). False when it
    /// cannot be kept this way (too large for a chunk, or the key is kept already); the
    /// transaction then keeps running as it is.
    /// </summary>
    public bool Add(in TransactionKey key, ReadOnlyMemory<byte> response, in SipDestination destination)
    {
        var branch = key.Branch.Span;
        var sentBy = key.SentBy;
        var method = key.Method;
        if (branch.Length > ushort.MaxValue || sentBy.Length > ushort.MaxValue || method.Length > ushort.MaxValue)
        {
            return false;
        }

        var length = Record.LengthFor(branch.Length + sentBy.Length + method.Length, response.Length);
        if (length > ChunkSize)
        {
            return false;
        }

        var now = _layer.Time.GetUtcNow();
        var due = (now + _layer.Timers.Timeout64T1).UtcTicks;
        var arm = false;
        lock (_lock)
        {
            ExpireLocked(now.UtcTicks);
            var (chunk, offset) = Reserve(length);
            var record = chunk.AsSpan(offset, length);
            if (!Record.TryWrite(record, key.GetHashCode(), due, branch, sentBy, method, response.Span, destination))
            {
                return false;
            }

            if (!_byKey.Add(new Kept(key.GetHashCode(), _head)))
            {
                return false; // not advanced past: the next record overwrites this one
            }

            _head += length;
            if (!_armed)
            {
                _armed = arm = true;
            }
        }

        if (arm)
        {
            _layer.Scheduler.Schedule(this, new DateTimeOffset(due, TimeSpan.Zero), 0);
        }

        return true;
    }

    /// <summary>Answers a retransmitted request with the kept final response; false when nothing is kept for it.</summary>
    public bool TryReplay(in TransactionKey key)
    {
        byte[] response;
        SipDestination destination;
        lock (_lock)
        {
            bool found;
            Kept kept;
            _probe = key;
            try
            {
                found = _byKey.TryGetValue(new Kept(key.GetHashCode(), -1), out kept);
            }
            finally
            {
                _probe = default; // the request's bytes are not kept alive by the table
            }

            if (!found)
            {
                return false;
            }

            // A copy: once the lock is let go, the chunk may be reused while the send is under way.
            var record = RecordAt(kept.Position);
            response = Record.Response(record).ToArray();
            destination = Record.Destination(record);
        }

        var outcome = _layer.Sender.Send(destination, response);
        if (outcome is not (SendOutcome.Sent or SendOutcome.Pending))
        {
            _layer.Metrics.Failed(TransactionFailure.TransportError);
        }

        return true;
    }

    /// <summary>Timer J of the oldest records: drop what has expired and wait for the next.</summary>
    void IScheduled.OnDeadline(int version)
    {
        long next;
        lock (_lock)
        {
            ExpireLocked(_layer.Time.GetUtcNow().UtcTicks);
            if (_tail == _head)
            {
                _armed = false;
                return;
            }

            next = Record.Due(RecordAt(_tail));
        }

        _layer.Scheduler.Schedule(this, new DateTimeOffset(next, TimeSpan.Zero), 0);
    }

    /// <summary>Room for <paramref name="length"/> bytes at <see cref="_head"/>, in a new chunk when this one is full.</summary>
    private (byte[] Chunk, int Offset) Reserve(int length)
    {
        var number = _head / ChunkSize;
        var offset = (int)(_head % ChunkSize);
        if (offset + length > ChunkSize)
        {
            // Records are 8-byte aligned, so a chunk with any room left has room for the end mark.
            Record.MarkEnd(_chunks[(int)(number - _firstChunk)].AsSpan(offset));
            number++;
            offset = 0;
            _head = number * ChunkSize;
        }

        if (number - _firstChunk == _chunks.Count)
        {
            if (_chunks.Count == 0)
            {
                _firstChunk = number;
            }

            _chunks.Add(_spare.TryPop(out var spare) ? spare : GC.AllocateUninitializedArray<byte>(ChunkSize));
        }

        return (_chunks[(int)(number - _firstChunk)], offset);
    }

    private void ExpireLocked(long nowTicks)
    {
        while (_tail < _head)
        {
            var offset = (int)(_tail % ChunkSize);
            var chunk = _chunks[(int)((_tail / ChunkSize) - _firstChunk)];
            if (Record.IsEnd(chunk.AsSpan(offset)))
            {
                _tail = ((_tail / ChunkSize) + 1) * ChunkSize;
                ReleaseChunksBeforeTail();
                continue;
            }

            var record = chunk.AsSpan(offset);
            if (Record.Due(record) > nowTicks)
            {
                break;
            }

            _byKey.Remove(new Kept(Record.Hash(record), _tail));
            _tail += Record.Length(record);
        }

        ReleaseChunksBeforeTail();
    }

    private void ReleaseChunksBeforeTail()
    {
        while (_chunks.Count > 0 && _firstChunk < _tail / ChunkSize)
        {
            if (_spare.Count < SpareChunks)
            {
                _spare.Push(_chunks[0]);
            }

            _chunks.RemoveAt(0);
            _firstChunk++;
        }
    }

    private ReadOnlySpan<byte> RecordAt(long position) =>
        _chunks[(int)((position / ChunkSize) - _firstChunk)].AsSpan((int)(position % ChunkSize));

    private bool SameKey(long x, long y)
    {
        if (x == -1)
        {
            (x, y) = (y, x);
        }

        var a = RecordAt(x);
        if (y == -1)
        {
            return Record.Branch(a).SequenceEqual(_probe.Branch.Span)
                && Record.Method(a).SequenceEqual(_probe.Method)
                && Record.SentBy(a).SequenceEqual(_probe.SentBy);
        }

        var b = RecordAt(y);
        return Record.Branch(a).SequenceEqual(Record.Branch(b))
            && Record.Method(a).SequenceEqual(Record.Method(b))
            && Record.SentBy(a).SequenceEqual(Record.SentBy(b));
    }

    /// <summary>A kept response in the table: the key's hash and where its record starts (-1: the key being looked up).</summary>
    private readonly record struct Kept(int Hash, long Position);

    /// <summary>Compares keys by their bytes in the records; the table itself holds no references.</summary>
    private sealed class KeptComparer(CompletedResponses owner) : IEqualityComparer<Kept>
    {
        public bool Equals(Kept x, Kept y) => x.Hash == y.Hash && (x.Position == y.Position || owner.SameKey(x.Position, y.Position));

        public int GetHashCode(Kept obj) => obj.Hash;
    }

    /// <summary>
    /// One kept response as bytes: a 64-byte header, then the key (branch, sent-by, method), then
    /// the response; the whole padded to 8 bytes. A length of 0 marks the end of a chunk's records.
    /// </summary>
    private static class Record
    {
        private const int HeaderSize = 64;
        private const int LengthAt = 0;
        private const int HashAt = 4;
        private const int DueAt = 8;
        private const int ScopeAt = 16;
        private const int ResponseLengthAt = 24;
        private const int PortAt = 28;
        private const int ListenerAt = 32;
        private const int BranchLengthAt = 36;
        private const int SentByLengthAt = 38;
        private const int MethodLengthAt = 40;
        private const int TransportAt = 42;
        private const int AddressLengthAt = 43;
        private const int AddressAt = 44; // 16 bytes

        public static int LengthFor(int keyLength, int responseLength) => (HeaderSize + keyLength + responseLength + 7) & ~7;

        public static bool TryWrite(
            Span<byte> record,
            int hash,
            long due,
            ReadOnlySpan<byte> branch,
            ReadOnlySpan<byte> sentBy,
            ReadOnlySpan<byte> method,
            ReadOnlySpan<byte> response,
            in SipDestination destination)
        {
            var address = destination.EndPoint.Address;
            if (!address.TryWriteBytes(record.Slice(AddressAt, 16), out var addressLength))
            {
                return false;
            }

            BinaryPrimitives.WriteInt32LittleEndian(record[LengthAt..], record.Length);
            BinaryPrimitives.WriteInt32LittleEndian(record[HashAt..], hash);
            BinaryPrimitives.WriteInt64LittleEndian(record[DueAt..], due);

            // A link-local peer is answered on its interface.
            BinaryPrimitives.WriteInt64LittleEndian(record[ScopeAt..], address.AddressFamily == AddressFamily.InterNetworkV6 ? address.ScopeId : 0);
            BinaryPrimitives.WriteInt32LittleEndian(record[ResponseLengthAt..], response.Length);
            BinaryPrimitives.WriteInt32LittleEndian(record[PortAt..], destination.EndPoint.Port);
            BinaryPrimitives.WriteInt32LittleEndian(record[ListenerAt..], destination.ListenerId);
            BinaryPrimitives.WriteUInt16LittleEndian(record[BranchLengthAt..], (ushort)branch.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(record[SentByLengthAt..], (ushort)sentBy.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(record[MethodLengthAt..], (ushort)method.Length);
            record[TransportAt] = (byte)destination.Transport;
            record[AddressLengthAt] = (byte)addressLength;
            var at = HeaderSize;
            branch.CopyTo(record[at..]);
            sentBy.CopyTo(record[(at += branch.Length)..]);
            method.CopyTo(record[(at += sentBy.Length)..]);
            response.CopyTo(record[(at + method.Length)..]);
            return true;
        }

        public static void MarkEnd(Span<byte> rest) => BinaryPrimitives.WriteInt32LittleEndian(rest, 0);

        public static bool IsEnd(ReadOnlySpan<byte> rest) => rest.Length < HeaderSize || Length(rest) == 0;

        public static int Length(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[LengthAt..]);

        public static int Hash(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[HashAt..]);

        public static long Due(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[DueAt..]);

        public static ReadOnlySpan<byte> Branch(ReadOnlySpan<byte> record) => record.Slice(HeaderSize, BranchLength(record));

        public static ReadOnlySpan<byte> SentBy(ReadOnlySpan<byte> record) =>
            record.Slice(HeaderSize + BranchLength(record), SentByLength(record));

        public static ReadOnlySpan<byte> Method(ReadOnlySpan<byte> record) =>
            record.Slice(HeaderSize + BranchLength(record) + SentByLength(record), MethodLength(record));

        public static ReadOnlySpan<byte> Response(ReadOnlySpan<byte> record) =>
            record.Slice(
                HeaderSize + BranchLength(record) + SentByLength(record) + MethodLength(record),
                BinaryPrimitives.ReadInt32LittleEndian(record[ResponseLengthAt..]));

        public static SipDestination Destination(ReadOnlySpan<byte> record)
        {
            var addressBytes = record.Slice(AddressAt, record[AddressLengthAt]);
            var address = addressBytes.Length == 16
                ? new IPAddress(addressBytes, BinaryPrimitives.ReadInt64LittleEndian(record[ScopeAt..]))
                : new IPAddress(addressBytes);
            return new SipDestination(
                (SipTransportKind)record[TransportAt],
                new IPEndPoint(address, BinaryPrimitives.ReadInt32LittleEndian(record[PortAt..])),
                ListenerId: BinaryPrimitives.ReadInt32LittleEndian(record[ListenerAt..]));
        }

        private static int BranchLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt16LittleEndian(record[BranchLengthAt..]);

        private static int SentByLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt16LittleEndian(record[SentByLengthAt..]);

        private static int MethodLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt16LittleEndian(record[MethodLengthAt..]);
    }
}
