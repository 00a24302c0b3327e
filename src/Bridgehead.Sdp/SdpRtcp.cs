using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c> (RFC 3605): where RTCP goes when
/// it is not on RTP port + 1. Chrome writes <c>a=rtcp:9 IN IP4 0.0.0.0</c> next to rtcp-mux.
/// </summary>
public sealed record SdpRtcp(int Port, SdpConnection? Connection = null)
{
    public const string AttributeName = "rtcp";

    public static bool TryParse(ReadOnlySpan<char> value, out SdpRtcp rtcp)
    {
        rtcp = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNextInt(0, 65535, out var port))
        {
            return false;
        }

        if (tokens.IsEmpty)
        {
            rtcp = new SdpRtcp(port);
            return true;
        }

        if (!tokens.TryNext(out var netType) || !tokens.TryNext(out var addrType) || !tokens.TryNext(out var address)
            || !tokens.IsEmpty || !SdpConnection.TryCreate(netType, addrType, address, out var connection))
        {
            return false;
        }

        rtcp = new SdpRtcp(port, connection);
        return true;
    }

    public override string ToString() => Connection is null
        ? Port.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Port} {Connection}");
}
