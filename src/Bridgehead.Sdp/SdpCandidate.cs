using System.Globalization;
using System.Text;

namespace Bridgehead.Sdp;

/// <summary>
/// An ICE candidate, <c>a=candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt;
/// &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr &lt;a&gt; rport &lt;p&gt;] [tcptype &lt;t&gt;] *(&lt;name&gt; &lt;value&gt;)</c>
/// (RFC 8839 §5.1, RFC 6544 §4.5). Chromium also offers <c>tcp … 9 typ host tcptype active</c>:
/// an active TCP candidate has the discard port 9 because it never listens.
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    string? TcpType = null)
{
    public const string AttributeName = "candidate";

    public const string Host = "host";
    public const string ServerReflexive = "srflx";
    public const string PeerReflexive = "prflx";
    public const string Relayed = "relay";

    /// <summary>Extension name/value pairs after the grammar's fixed part (generation, network-id, ufrag, …), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    public bool IsTcp => Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(ReadOnlySpan<char> value, out SdpCandidate candidate)
    {
        candidate = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var foundation) || foundation.Length > 32 || !SdpNumbers.IsVisible(foundation)
            || !tokens.TryNextInt(1, 256, out var component)
            || !tokens.TryNext(out var transport) || !SdpNumbers.IsToken(transport)
            || !tokens.TryNext(out var priorityToken) || !SdpNumbers.TryParseUInt(priorityToken, out var priority)
            || !tokens.TryNext(out var address) || !SdpNumbers.IsVisible(address)
            || !tokens.TryNextInt(0, 65535, out var port)
            || !tokens.TryNext(out var typ) || !typ.SequenceEqual("typ")
            || !tokens.TryNext(out var type) || !SdpNumbers.IsToken(type))
        {
            return false;
        }

        string? relatedAddress = null, tcpType = null;
        int? relatedPort = null;
        List<KeyValuePair<string, string>>? extensions = null;
        while (tokens.TryNext(out var name))
        {
            if (!tokens.TryNext(out var extValue) || !SdpNumbers.IsVisible(name))
            {
                return false;
            }

            if (name.SequenceEqual("raddr") && relatedAddress is null && extensions is null && tcpType is null)
            {
                relatedAddress = extValue.ToString();
            }
            else if (name.SequenceEqual("rport") && relatedPort is null && extensions is null && tcpType is null)
            {
                if (!SdpNumbers.TryParseInt(extValue, 0, 65535, out var rport))
                {
                    return false;
                }

                relatedPort = rport;
            }
            else if (name.SequenceEqual("tcptype") && tcpType is null && extensions is null)
            {
                tcpType = extValue.ToString();
            }
            else
            {
                (extensions ??= []).Add(new(name.ToString(), extValue.ToString()));
            }
        }

        candidate = new SdpCandidate(foundation.ToString(), component, transport.ToString(), priority, address.ToString(), port, type.ToString(), relatedAddress, relatedPort, tcpType)
        {
            Extensions = extensions ?? (IReadOnlyList<KeyValuePair<string, string>>)[],
        };
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(96);
        text.Append(CultureInfo.InvariantCulture, $"{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {Type}");
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            text.Append(CultureInfo.InvariantCulture, $" rport {rport}");
        }

        if (TcpType is not null)
        {
            text.Append(" tcptype ").Append(TcpType);
        }

        foreach (var (name, value) in Extensions)
        {
            text.Append(' ').Append(name).Append(' ').Append(value);
        }

        return text.ToString();
    }
}
