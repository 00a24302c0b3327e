using Bridgehead.Codecs.Dtmf;

namespace Bridgehead.Tests.Codecs.Dtmf;

public sealed class TelephoneEventTests
{
    [Fact]
    public void TryRead_EndOfDigit9_ReadsFields()
    {
        // RFC 4733 §2.3: event 9, E set, R clear, volume 10 (−10 dBm0), duration 800 (100 ms at 8 kHz).
        Assert.Equal(TelephoneEventError.None, TelephoneEvent.TryRead([0x09, 0x8A, 0x03, 0x20], out var value));
        Assert.Equal(new TelephoneEvent(9, true, 10, 800), value);
        Assert.Equal('9', value.Digit);
    }

    [Fact]
    public void TryRead_ReservedBitSet_IsIgnored()
    {
        Assert.Equal(TelephoneEventError.None, TelephoneEvent.TryRead([0x0B, 0x4A, 0x00, 0xA0], out var value));
        Assert.Equal(new TelephoneEvent(11, false, 10, 160), value);
        Assert.Equal('#', value.Digit);
    }

    [Theory]
    [InlineData(3, TelephoneEventError.TooShort)]
    [InlineData(6, TelephoneEventError.BadLength)]
    public void TryRead_BadLength_IsRefused(int length, TelephoneEventError expected)
    {
        Assert.Equal(expected, TelephoneEvent.TryRead(new byte[length], out _));
    }

    [Fact]
    public void WriteTo_ThenTryRead_RoundTrips()
    {
        var buffer = new byte[4];
        var value = new TelephoneEvent(DtmfEvents.Star, true, 63, 65535);
        Assert.Equal(4, value.WriteTo(buffer));
        Assert.Equal([0x0A, 0xBF, 0xFF, 0xFF], buffer);
        TelephoneEvent.TryRead(buffer, out var back);
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    public void TryGetEvent_DtmfCharacter_IsTable7Code(char digit, int code)
    {
        Assert.True(DtmfEvents.TryGetEvent(digit, out var value));
        Assert.Equal(code, value);
        Assert.Equal(char.ToUpperInvariant(digit), DtmfEvents.ToDigit(value));
    }

    [Fact]
    public void TryGetEvent_OtherCharacter_IsFalse()
    {
        Assert.False(DtmfEvents.TryGetEvent('E', out _));
        Assert.Equal('\0', DtmfEvents.ToDigit(16));
    }

    [Fact]
    public void Sender_100MsEvent_SendsMarkedStartUpdatesAndThreeEnds()
    {
        var sender = new TelephoneEventSender(160);
        sender.Start(5, 800);
        var payload = new byte[4];
        var events = new List<(TelephoneEvent Event, bool Marker)>();
        for (var i = 0; i < 20 && sender.IsSending; i++)
        {
            Assert.Equal(4, sender.Next(payload, out var marker));
            TelephoneEvent.TryRead(payload, out var value);
            events.Add((value, marker));
        }

        Assert.Equal(
            [
                (new TelephoneEvent(5, false, 10, 160), true),
                (new TelephoneEvent(5, false, 10, 320), false),
                (new TelephoneEvent(5, false, 10, 480), false),
                (new TelephoneEvent(5, false, 10, 640), false),
                (new TelephoneEvent(5, true, 10, 800), false),
                (new TelephoneEvent(5, true, 10, 800), false),
                (new TelephoneEvent(5, true, 10, 800), false),
            ],
            events);
        Assert.Equal(0, sender.Next(payload, out _));
    }

    [Fact]
    public void Receiver_UpdatesAndRepeatedEnds_ReportsTheEventOnce()
    {
        var sender = new TelephoneEventSender(160);
        var receiver = new TelephoneEventReceiver();
        var payload = new byte[4];
        var reported = new List<TelephoneEvent>();
        foreach (var (digit, timestamp) in new[] { ('1', 1000u), ('2', 3000u) })
        {
            DtmfEvents.TryGetEvent(digit, out var code);
            sender.Start(code, 480);
            while (sender.IsSending)
            {
                sender.Next(payload, out _);
                if (receiver.Receive(payload, timestamp, out var completed))
                {
                    reported.Add(completed);
                }
            }
        }

        Assert.Equal([new TelephoneEvent(1, true, 10, 480), new TelephoneEvent(2, true, 10, 480)], reported);
    }

    [Fact]
    public void Receiver_EndPacketsLost_ReportsWhenTheNextEventStarts()
    {
        var receiver = new TelephoneEventReceiver();
        Assert.False(receiver.Receive([0x03, 0x0A, 0x00, 0xA0], 100, out _));
        Assert.False(receiver.Receive([0x03, 0x0A, 0x01, 0x40], 100, out _));
        Assert.True(receiver.Receive([0x04, 0x0A, 0x00, 0xA0], 900, out var completed));
        Assert.Equal(new TelephoneEvent(3, true, 10, 320), completed);
    }
}
