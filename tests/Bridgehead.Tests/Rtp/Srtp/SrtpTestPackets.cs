using System.Buffers.Binary;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Tests.Rtp.Srtp;

internal static class SrtpTestPackets
{
    public static readonly SrtpProfile[] AllProfiles = Enum.GetValues<SrtpProfile>();

    public static SrtpContext NewContext(SrtpProfile profile, SrtpPolicy? policy = null, byte seed = 1)
    {
        var info = SrtpProfiles.Get(profile);
        var key = new byte[info.MasterKeyLength];
        var salt = new byte[info.MasterSaltLength];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + i);
        }

        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed * 3 + i);
        }

        return new SrtpContext(profile, key, salt, policy);
    }

    /// <summary>An RTP packet in a buffer with room for any SRTP trailer.</summary>
    public static byte[] MakeRtp(ushort sequence, uint ssrc = 0x11223344, int payloadLength = 160, uint timestamp = 1000, int csrcCount = 0, int extensionWords = -1)
    {
        var header = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[header + payloadLength + 64];
        packet[0] = (byte)(0x80 | csrcCount | (extensionWords >= 0 ? 0x10 : 0));
        packet[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (extensionWords >= 0)
        {
            var ext = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(ext), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(ext + 2), (ushort)extensionWords);
        }

        for (var i = 0; i < payloadLength; i++)
        {
            packet[header + i] = (byte)(i * 7);
        }

        return packet;
    }

    public static int RtpLength(byte[] packet, int payloadLength = 160, int csrcCount = 0, int extensionWords = -1) =>
        12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0) + payloadLength;

    /// <summary>A receiver report with one report block: a valid compound of 32 bytes, plus room.</summary>
    public static byte[] MakeRtcp(uint ssrc = 0x11223344)
    {
        var packet = new byte[32 + 64];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xCAFEBABE);
        for (var i = 12; i < 32; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }
}
