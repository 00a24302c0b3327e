using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>Builds the reply dictionary a server sends (the relay answering OpenSIPS or Kamailio).</summary>
public static class NgReplyWriter
{
    public static BencodeDictionary ToDictionary(NgReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var body = new BencodeDictionary();
        body["result"] = reply.Result switch
        {
            NgResult.Pong => "pong",
            NgResult.Error => "error",
            _ => "ok",
        };

        switch (reply)
        {
            case NgErrorReply error:
                // error-reason and nothing else (ng-protocol §2).
                body["error-reason"] = error.Reason;
                return body;
            case NgSdpReply sdp:
                body["sdp"] = new BencodeString(sdp.Sdp);
                break;
            case NgQueryReply query:
                NgCallStatsCodec.Write(query.Call, body);
                break;
            case NgDeleteReply { Call: { } call }:
                NgCallStatsCodec.Write(call, body);
                break;
            case NgListReply list:
                body["calls"] = NgValues.Strings(list.Calls);
                break;
            case NgStatisticsReply statistics:
                body["statistics"] = statistics.Statistics;
                break;
        }

        if (reply.Warning is not null)
        {
            body["warning"] = reply.Warning;
        }

        foreach (var (key, value) in reply.OtherKeys)
        {
            body.TryAdd(new BencodeString(key), value);
        }

        return body;
    }
}
