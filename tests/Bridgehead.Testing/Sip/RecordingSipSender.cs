using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Testing.Sip;

/// <summary>One message handed to the transport: where it went, its bytes, and what the send returned.</summary>
public sealed class SentMessage
{
    private SipMessage? _message;
    private SipMessage? _parsed;

    public SentMessage(SipDestination destination, byte[] data, SendOutcome outcome, ISendFailureObserver? observer)
    {
        Destination = destination;
        Data = data;
        Outcome = outcome;
        Observer = observer;
    }

    public SipDestination Destination { get; }

    public byte[] Data { get; }

    public SendOutcome Outcome { get; }

    /// <summary>Who would hear of a later failure of a pending send.</summary>
    public ISendFailureObserver? Observer { get; }

    /// <summary>The bytes parsed and validated; throws when the sender was handed something that is not a valid SIP message.</summary>
    public SipMessage Message
    {
        get
        {
            if (_message is null)
            {
                var result = SipMessage.Parse(Data);
                if (!result.Success)
                {
                    throw new InvalidOperationException($"sent bytes do not parse ({result.Error}):\n{Text}");
                }

                var error = result.Message!.Validate();
                if (error != SipParseError.None)
                {
                    throw new InvalidOperationException($"sent message does not validate ({error}):\n{Text}");
                }

                _message = result.Message;
            }

            return _message;
        }
    }

    /// <summary>The bytes parsed but not validated (a 400 for a request without Call-ID has none either).</summary>
    public SipMessage Parsed => _parsed ??= SipMessage.Parse(Data).Message ?? throw new InvalidOperationException($"sent bytes do not parse:\n{Text}");

    public bool IsRequest => Parsed.IsRequest;

    /// <summary>The status of a response, 0 for a request.</summary>
    public int Status => Parsed.IsResponse ? Parsed.StatusCode : 0;

    /// <summary>The method of a request (from the CSeq for a response).</summary>
    public SipMethod Method => Message.IsRequest ? Message.Method : Message.CSeq.Method;

    public string Text => Encoding.UTF8.GetString(Data);

    public override string ToString() => $"{Destination}: {Text.Split("\r\n")[0]}";
}

/// <summary>
/// An <see cref="ISipSender"/> that records every (destination, bytes) it is handed and parses them
/// back for assertions. It can be told to fail every send, or the sends a predicate picks.
/// </summary>
public sealed class RecordingSipSender : ISipSender
{
    private readonly Lock _lock = new();
    private readonly List<SentMessage> _sent = [];

    /// <summary>When set, every send returns this outcome (and is still recorded).</summary>
    public SendOutcome? FailWith { get; set; }

    /// <summary>When set, decides the outcome of each send; <see cref="FailWith"/> wins over it.</summary>
    public Func<SipDestination, SipMessage, SendOutcome>? Outcome { get; set; }

    /// <summary>Everything sent so far, oldest first.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<SentMessage> Requests => [.. Sent.Where(m => m.IsRequest)];

    public IReadOnlyList<SentMessage> Responses => [.. Sent.Where(m => !m.IsRequest)];

    public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
    {
        var copy = data.ToArray();
        var outcome = FailWith ?? SendOutcome.Sent;
        if (FailWith is null && Outcome is { } decide)
        {
            var parsed = SipMessage.Parse(copy).Message ?? throw new InvalidOperationException("sent bytes do not parse");
            parsed.Validate();
            outcome = decide(destination, parsed);
        }

        lock (_lock)
        {
            _sent.Add(new SentMessage(destination, copy, outcome, onFailure));
        }

        return outcome;
    }

    /// <summary>Forgets what was sent (between the steps of a scenario).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
        }
    }

    /// <summary>Responses with this status, in order.</summary>
    public IReadOnlyList<SentMessage> ResponsesWith(int status) => [.. Responses.Where(m => m.Status == status)];

    /// <summary>Requests with this method, in order.</summary>
    public IReadOnlyList<SentMessage> RequestsWith(SipMethod method) => [.. Requests.Where(m => m.Method == method)];

    /// <summary>The one response with this status; throws when there is none or several.</summary>
    public SentMessage SingleResponse(int status)
    {
        var matches = ResponsesWith(status);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"expected one {status} response, found {matches.Count}; sent:\n{Describe()}");
    }

    /// <summary>The one request with this method; throws when there is none or several.</summary>
    public SentMessage SingleRequest(SipMethod method)
    {
        var matches = RequestsWith(method);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"expected one {method} request, found {matches.Count}; sent:\n{Describe()}");
    }

    /// <summary>The last message sent; throws when nothing was.</summary>
    public SentMessage Last => Sent.Count > 0 ? Sent[^1] : throw new InvalidOperationException("nothing was sent");

    /// <summary>The first line of everything sent, for assertion messages.</summary>
    public string Describe() => string.Join("\n", Sent.Select(m => m.ToString()));
}
