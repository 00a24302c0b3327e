using Bridgehead.Dtls;
using Bridgehead.Dtls.Engine;

namespace Bridgehead.Tests.Dtls.Engine;

public sealed class PushedDatagramTransportTests
{
    private sealed class RecordingSender : IDtlsDatagramSender
    {
        public List<byte[]> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram) => Sent.Add(datagram.ToArray());
    }

    [Fact]
    public void Receive_Queued_OneDatagramPerReceiveInOrder()
    {
        var transport = new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 8);
        Assert.True(transport.Enqueue([1, 2, 3]));
        Assert.True(transport.Enqueue([4, 5]));
        var buffer = new byte[1500];

        Assert.Equal(3, transport.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(2, transport.Receive(buffer.AsSpan(), 10));
        Assert.Equal([4, 5], buffer[..2]);
    }

    [Fact]
    public void Receive_Empty_MinusOneAfterWait() =>
        Assert.Equal(-1, new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 8).Receive(new byte[1500], 0, 1500, 5));

    [Fact]
    public void Enqueue_Full_DropsNewestAndCounts()
    {
        var transport = new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(transport.Enqueue([(byte)i]));
        }

        Assert.False(transport.Enqueue([9]));
        Assert.Equal(1, transport.Dropped);
        var buffer = new byte[1500];
        Assert.Equal(1, transport.Receive(buffer, 0, 1500, 1));
        Assert.Equal(0, buffer[0]);
    }

    [Fact]
    public void Enqueue_LongerThanReceiveLimitOrEmpty_Dropped()
    {
        var transport = new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 4);

        Assert.False(transport.Enqueue(new byte[1501]));
        Assert.False(transport.Enqueue([]));
        Assert.Equal(2, transport.Dropped);
        Assert.Equal(0, transport.Pending);
    }

    [Fact]
    public void Receive_Closed_ThrowsSoTheEngineStopsWaiting()
    {
        var transport = new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 4);
        transport.Enqueue([1]);

        transport.Close();

        Assert.Equal(0, transport.Pending);
        Assert.Throws<IOException>(() => transport.Receive(new byte[1500], 0, 1500, 1000));
        Assert.False(transport.Enqueue([2]));
    }

    [Fact]
    public async Task Receive_Waiting_WokenByEnqueue()
    {
        var transport = new PushedDatagramTransport(new RecordingSender(), 1500, 1200, 4);
        var buffer = new byte[1500];

        var receive = Task.Run(() => transport.Receive(buffer, 0, 1500, 30_000), TestContext.Current.CancellationToken);
        transport.Enqueue([7, 7]);

        Assert.Equal(2, await receive.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Send_PassesThroughUntilClosed()
    {
        var sender = new RecordingSender();
        var transport = new PushedDatagramTransport(sender, 1500, 1200, 4);

        transport.Send([1, 2], 0, 2);
        transport.Close();
        transport.Send([3]);

        Assert.Single(sender.Sent);
        Assert.Equal(1200, transport.GetSendLimit());
        Assert.Equal(1500, transport.GetReceiveLimit());
    }
}
