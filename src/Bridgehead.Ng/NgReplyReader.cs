using System.Diagnostics.CodeAnalysis;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// Turns a reply dictionary into a typed reply. A reply does not name its command, so the
/// caller says which command it answers (the client knows: it matched the cookie).
/// </summary>
public static class NgReplyReader
{
    private static readonly string[] CommonKeys = ["result", "warning", "error-reason"];

    public static bool TryRead(NgCommandKind command, BencodeDictionary body, [NotNullWhen(true)] out NgReply? reply, out NgError error)
    {
        ArgumentNullException.ThrowIfNull(body);
        reply = null;
        if (!body.TryGetValue("result", out var resultValue) || !NgValues.TryText(resultValue, out var result))
        {
            error = NgError.MissingResult;
            return false;
        }

        var warning = body.TryGetValue("warning", out var w) && NgValues.TryText(w, out var text) ? text : null;
        string[] used;
        switch (result)
        {
            case "pong":
                reply = new NgPongReply();
                used = CommonKeys;
                break;
            case "ok":
                reply = ReadOk(command, body, out used);
                break;
            default:
                // "error", and anything else a relay might say instead of ok (rtpengine has said
                // "load limit"): a failure, with the best reason there is.
                var reason = body.TryGetValue("error-reason", out var r) && NgValues.TryText(r, out var why) ? why : result;
                reply = new NgErrorReply(reason);
                used = CommonKeys;
                break;
        }

        if (reply is null)
        {
            error = NgError.MalformedReply;
            return false;
        }

        reply = reply with { Warning = warning, OtherKeys = Others(body, used) };
        error = NgError.None;
        return true;
    }

    private static NgReply? ReadOk(NgCommandKind command, BencodeDictionary body, out string[] used)
    {
        switch (command)
        {
            case NgCommandKind.Offer or NgCommandKind.Answer:
                used = [.. CommonKeys, "sdp"];
                return body.TryGetValue("sdp", out var sdp) && sdp is BencodeString s ? new NgSdpReply(s.Bytes) : null;
            case NgCommandKind.Query:
                used = [.. CommonKeys, .. NgCallStatsCodec.Keys];
                return new NgQueryReply(NgCallStatsCodec.Read(body));
            case NgCommandKind.Delete:
                used = [.. CommonKeys, .. NgCallStatsCodec.Keys];
                return new NgDeleteReply(NgCallStatsCodec.HasStats(body) ? NgCallStatsCodec.Read(body) : null);
            case NgCommandKind.List:
                used = [.. CommonKeys, "calls"];
                if (!body.TryGetValue("calls", out var calls))
                {
                    return new NgListReply([]);
                }

                return NgValues.TryTextList(calls, out var list) ? new NgListReply(list) : null;
            case NgCommandKind.Statistics:
                used = [.. CommonKeys, "statistics"];
                return body.TryGetValue("statistics", out var stats) && stats is BencodeDictionary d ? new NgStatisticsReply(d) : null;
            default:
                used = CommonKeys;
                return new NgOkReply();
        }
    }

    private static IReadOnlyDictionary<string, BencodeValue> Others(BencodeDictionary body, string[] used)
    {
        Dictionary<string, BencodeValue>? others = null;
        foreach (var (key, value) in body)
        {
            var name = key.Text;
            if (Array.IndexOf(used, name) < 0)
            {
                (others ??= new(StringComparer.Ordinal)).TryAdd(name, value);
            }
        }

        return others is null ? System.Collections.ObjectModel.ReadOnlyDictionary<string, BencodeValue>.Empty : others;
    }
}
