using System.Net;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Routing;

/// <summary>The people and places of the edge tests, and the steps they take.</summary>
internal static class EdgeScenario
{
    /// <summary>Alice's softphone (UDP, not registered: the caller).</summary>
    public const string Alice = "198.51.100.10:5060";

    /// <summary>Bob's softphone (UDP), registered as sip:bob@198.51.100.20:5062.</summary>
    public const string Bob = "198.51.100.20:5062";

    public const string BobContact = "sip:bob@198.51.100.20:5062";

    /// <summary>A switch behind the edge.</summary>
    public const string Switch = "198.51.100.99:5060";

    public static SipMessageBuilder Invite(string to = "sip:bob@example.com", string from = "sip:alice@example.com", string sentBy = Alice, string transport = "UDP") =>
        SipMessageBuilder.Request("INVITE", to, from: from, sentBy: sentBy, transport: transport)
            .WithBody("application/sdp", "v=0\r\no=- 1 1 IN IP4 198.51.100.10\r\ns=-\r\nc=IN IP4 198.51.100.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");

    /// <summary>Registers bob's UDP contact (and others when given).</summary>
    public static void RegisterBob(this TestSipEdge edge, string contact = $"<{BobContact}>", string source = Bob)
    {
        edge.Register("bob", contact, edge.Udp(source));
        edge.Sender.Clear();
    }

    /// <summary>The requests the edge sent to this endpoint, retransmissions removed.</summary>
    public static IReadOnlyList<SentMessage> RequestsTo(this TestSipEdge edge, string endPoint, SipMethod? method = null)
    {
        var target = IPEndPoint.Parse(endPoint);
        var seen = new List<SentMessage>();
        foreach (var m in edge.Sender.Requests)
        {
            if (m.Destination.EndPoint.Equals(target) && (method is null || m.Method == method) && !seen.Exists(s => s.Data.AsSpan().SequenceEqual(m.Data)))
            {
                seen.Add(m);
            }
        }

        return seen;
    }

    /// <summary>The one request (retransmissions aside) of this method sent to this endpoint.</summary>
    public static SentMessage ForwardedTo(this TestSipEdge edge, string endPoint, SipMethod method = SipMethod.Invite)
    {
        var found = edge.RequestsTo(endPoint, method);
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"expected one {method} to {endPoint}, found {found.Count}; sent:\n{edge.Sender.Describe()}");
    }

    /// <summary>The responses the edge sent to this endpoint, in order.</summary>
    public static IReadOnlyList<SentMessage> ResponsesTo(this TestSipEdge edge, string endPoint)
    {
        var target = IPEndPoint.Parse(endPoint);
        return [.. edge.Sender.Responses.Where(m => m.Destination.EndPoint.Equals(target))];
    }

    /// <summary>The statuses sent to this endpoint, in order.</summary>
    public static int[] StatusesTo(this TestSipEdge edge, string endPoint) => [.. edge.ResponsesTo(endPoint).Select(m => m.Status)];

    /// <summary>The next hop answers a request the edge forwarded to it.</summary>
    public static void Answer(this TestSipEdge edge, SentMessage forwarded, int status, string? toTag = "uas-tag", Action<SipMessageBuilder>? change = null)
    {
        var response = SipMessageBuilder.Response(forwarded.Message, status, toTag: toTag);
        change?.Invoke(response);
        edge.Receive(response, forwarded.Destination);
    }

    /// <summary>The request's source as the downstream hop's answer arrives from.</summary>
    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Every value of a header, comma lists split.</summary>
    public static List<string> All(this SipMessage message, HeaderId id)
    {
        var values = new List<string>();
        foreach (var v in message.Values(id))
        {
            values.Add(Encoding.UTF8.GetString(v.Span));
        }

        return values;
    }
}
