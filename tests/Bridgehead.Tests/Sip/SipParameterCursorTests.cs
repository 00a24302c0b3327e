using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipParameterCursorTests
{
    [Fact]
    public void MoveNext_List_ReportsNamesValuesAndPositions()
    {
        var text = Bytes(" ;a=1 ; b ;c=\"x\"  ");
        var cursor = new SipParameterCursor(text);
        var seen = new List<(string Name, string Value, bool HasValue, int Position)>();
        while (cursor.MoveNext())
        {
            seen.Add((Text(text.AsSpan()[cursor.Name]), Text(text.AsSpan()[cursor.Value]), cursor.HasValue, cursor.Position));
        }

        Assert.Equal(
            [("a", "1", true, 5), ("b", string.Empty, false, 9), ("c", "\"x\"", true, 16)],
            seen);
        Assert.False(cursor.Malformed);
        Assert.Equal(text.Length, cursor.Position);
    }

    [Fact]
    public void MoveNext_Malformed_StopsAndFlags()
    {
        var text = Bytes(";a=1;=2;c");
        var cursor = new SipParameterCursor(text);

        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
        Assert.True(cursor.Malformed);
        Assert.Equal(4, cursor.Position);
    }

    [Fact]
    public void MoveNext_TrailingGarbage_StopsWithoutReachingTheEnd()
    {
        var text = Bytes(";a=1 garbage");
        var cursor = new SipParameterCursor(text);

        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
        Assert.False(cursor.Malformed);
        Assert.Equal(4, cursor.Position);
    }
}
