using Bridgehead.Dtls;
using Bridgehead.Dtls.Engine;

namespace Bridgehead.Tests.Dtls.Engine;

public sealed class InboundRecordFilterTests
{
    private sealed class NullSender : IDtlsDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram)
        {
        }
    }

    // Records as the client's final flight carries them (RFC 6347 §4.1, §4.2.2).
    private static readonly byte[] ClientKeyExchange = HandshakeRecord(16, seq: 2, length: 33, offset: 0, fragment: 33);
    private static readonly byte[] CertificateVerify = HandshakeRecord(15, seq: 3, length: 72, offset: 0, fragment: 72);
    private static readonly byte[] ChangeCipherSpec = Record(20, epoch: 0, seq: 9, [1]);
    private static readonly byte[] Finished = Record(22, epoch: 1, seq: 0, new byte[40]);

    [Fact]
    public void Deliver_Server_InOrderFlightPassesUnchanged()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);

        foreach (var datagram in new[] { ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished })
        {
            Assert.True(filter.Deliver(datagram));
        }

        Assert.Equal([ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished], Drain(transport));
    }

    [Fact]
    public void Deliver_Server_ChangeCipherSpecBeforeCertificateVerify_HeldUntilItIsIn()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);

        filter.Deliver(ClientKeyExchange);
        filter.Deliver(ChangeCipherSpec);
        filter.Deliver(Finished);
        Assert.Equal([ClientKeyExchange], Drain(transport));

        filter.Deliver(CertificateVerify);

        Assert.Equal([CertificateVerify, ChangeCipherSpec, Finished], Drain(transport));
    }

    [Fact]
    public void Deliver_Server_FragmentedCertificateVerify_WaitsForLastFragment()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);
        var first = HandshakeRecord(15, seq: 3, length: 72, offset: 0, fragment: 40);
        var second = HandshakeRecord(15, seq: 3, length: 72, offset: 40, fragment: 32);

        filter.Deliver(first);
        filter.Deliver(ChangeCipherSpec);
        Assert.Equal([first], Drain(transport));
        filter.Deliver(second);

        Assert.Equal([second, ChangeCipherSpec], Drain(transport));
    }

    [Fact]
    public void Deliver_Server_WholeFlightInOneDatagramWithoutCertificateVerify_SplitAtChangeCipherSpec()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);
        byte[] packed = [.. ClientKeyExchange, .. ChangeCipherSpec, .. Finished];

        Assert.True(filter.Deliver(packed));
        Assert.Equal([ClientKeyExchange], Drain(transport));
        filter.Deliver([.. CertificateVerify, .. ClientKeyExchange]);

        Assert.Equal([CertificateVerify, ChangeCipherSpec, Finished, ClientKeyExchange], Drain(transport));
    }

    [Fact]
    public void Deliver_Server_WholeFlightInOneDatagramInOrder_PassedWhole()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);
        byte[] packed = [.. ClientKeyExchange, .. CertificateVerify, .. ChangeCipherSpec, .. Finished];

        Assert.True(filter.Deliver(packed));

        Assert.Equal([packed], Drain(transport));
    }

    [Fact]
    public void Deliver_Client_NothingHeld()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: false);

        filter.Deliver(ChangeCipherSpec);
        filter.Deliver(Finished);

        Assert.Equal([ChangeCipherSpec, Finished], Drain(transport));
    }

    [Fact]
    public void Deliver_AfterHandshake_ShortProtectedRecordDropped()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);
        filter.HandshakeCompleted(minimumCiphertextLength: 24);
        var shortRecord = Record(23, epoch: 1, seq: 5, new byte[23]);
        var fullRecord = Record(23, epoch: 1, seq: 6, new byte[24]);

        Assert.False(filter.Deliver(shortRecord));
        Assert.False(filter.Deliver([.. fullRecord, .. shortRecord]));
        Assert.True(filter.Deliver(fullRecord));
        Assert.True(filter.Deliver(ChangeCipherSpec)); // epoch 0 is the engine's to judge

        Assert.Equal([fullRecord, ChangeCipherSpec], Drain(transport));
        Assert.Equal(2, transport.Dropped);
    }

    [Fact]
    public void HandshakeCompleted_WithHeldRecords_ReleasesThem()
    {
        var (filter, transport) = Create(holdChangeCipherSpec: true);
        filter.Deliver(ChangeCipherSpec);

        filter.HandshakeCompleted(24);

        Assert.Equal([ChangeCipherSpec], Drain(transport));
    }

    private static (InboundRecordFilter Filter, PushedDatagramTransport Transport) Create(bool holdChangeCipherSpec)
    {
        var transport = new PushedDatagramTransport(new NullSender(), 1500, 1200, 64);
        return (new InboundRecordFilter(transport, holdChangeCipherSpec), transport);
    }

    private static List<byte[]> Drain(PushedDatagramTransport transport)
    {
        var received = new List<byte[]>();
        var buffer = new byte[1500];
        while (transport.Pending > 0)
        {
            var length = transport.Receive(buffer, 0, buffer.Length, 1);
            received.Add(buffer[..length]);
        }

        return received;
    }

    private static byte[] Record(byte type, int epoch, int seq, byte[] body)
    {
        var record = new byte[13 + body.Length];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[4] = (byte)epoch;
        record[10] = (byte)seq;
        record[11] = (byte)(body.Length >> 8);
        record[12] = (byte)body.Length;
        body.CopyTo(record, 13);
        return record;
    }

    private static byte[] HandshakeRecord(byte messageType, int seq, int length, int offset, int fragment)
    {
        var body = new byte[12 + fragment];
        body[0] = messageType;
        body[3] = (byte)length;
        body[5] = (byte)seq;
        body[8] = (byte)offset;
        body[11] = (byte)fragment;
        return Record(22, epoch: 0, seq: seq + offset, body);
    }
}
