using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5).</summary>
public enum SdesItemType
{
    End = 0,
    CanonicalName = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
}

/// <summary>
/// SDES (RFC 3550 §6.5): chunks of an SSRC/CSRC followed by items, each chunk ended by a null item
/// and padded to a 32-bit boundary. <see cref="TryReadNextItem"/> walks every item of every chunk.
/// </summary>
public ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _body;
    private int _offset;
    private int _chunksLeft;
    private bool _inChunk;

    private RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _offset = 0;
        _chunksLeft = chunkCount;
        _inChunk = false;
        ChunkCount = chunkCount;
        CurrentSsrc = 0;
    }

    public int ChunkCount { get; }

    /// <summary>The SSRC/CSRC of the chunk the last item came from.</summary>
    public uint CurrentSsrc { get; private set; }

    /// <summary>Next item; false at the end or when a chunk is truncated.</summary>
    public bool TryReadNextItem(out SdesItemType type, out ReadOnlySpan<byte> value)
    {
        type = SdesItemType.End;
        value = default;
        while (true)
        {
            if (!_inChunk)
            {
                if (_chunksLeft == 0 || _body.Length - _offset < 4)
                {
                    return false;
                }

                CurrentSsrc = BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(_offset));
                _offset += 4;
                _chunksLeft--;
                _inChunk = true;
            }

            if (_offset >= _body.Length)
            {
                return false;
            }

            var itemType = _body[_offset];
            if (itemType == 0)
            {
                // The null item ends the chunk; skip to the next 32-bit boundary.
                _offset = (_offset + 4) & ~3;
                _inChunk = false;
                continue;
            }

            if (_body.Length - _offset < 2 || _body[_offset + 1] > _body.Length - _offset - 2)
            {
                return false;
            }

            type = (SdesItemType)itemType;
            value = _body.Slice(_offset + 2, _body[_offset + 1]);
            _offset += 2 + value.Length;
            return true;
        }
    }

    internal static bool TryRead(RtcpPacket packet, out RtcpSourceDescription description)
    {
        description = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription || packet.Body.Length < 4 * packet.Count)
        {
            return false;
        }

        description = new RtcpSourceDescription(packet.Body, packet.Count);
        return true;
    }
}
