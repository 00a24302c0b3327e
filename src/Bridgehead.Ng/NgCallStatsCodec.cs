using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// The query/delete statistics layout as rtpengine writes it (verified against 10.5): keys
/// with spaces ("last signal", "local port"), tags as a dictionary keyed by tag, numbers that
/// are sometimes strings. Reading is forgiving; writing follows that layout.
/// </summary>
internal static class NgCallStatsCodec
{
    public static readonly string[] Keys = ["created", "created_us", "last signal", "tags", "totals"];

    public static bool HasStats(BencodeDictionary body) => body.TryGetValue("tags", out _) || body.TryGetValue("created", out _);

    public static NgCallStats Read(BencodeDictionary body)
    {
        var tags = new List<NgTagStats>();
        if (body.TryGetValue("tags", out var t) && t is BencodeDictionary tagDictionary)
        {
            foreach (var (key, value) in tagDictionary)
            {
                if (value is BencodeDictionary tag)
                {
                    tags.Add(ReadTag(key.Text, tag));
                }
            }
        }

        var totals = body.TryGetValue("totals", out var tt) ? tt as BencodeDictionary : null;
        return new NgCallStats
        {
            Created = Number(body, "created"),
            CreatedMicroseconds = Number(body, "created_us"),
            LastSignal = Number(body, "last signal"),
            Tags = tags,
            RtpTotals = totals is not null && totals.TryGetValue("RTP", out var rtp) ? ReadPackets(rtp) : null,
            RtcpTotals = totals is not null && totals.TryGetValue("RTCP", out var rtcp) ? ReadPackets(rtcp) : null,
        };
    }

    public static void Write(NgCallStats call, BencodeDictionary body)
    {
        Put(body, "created", call.Created);
        Put(body, "created_us", call.CreatedMicroseconds);
        Put(body, "last signal", call.LastSignal);
        var tags = new BencodeDictionary();
        foreach (var tag in call.Tags)
        {
            tags.Set(new BencodeString(tag.Tag), WriteTag(tag));
        }

        body["tags"] = tags;
        var totals = new BencodeDictionary();
        if (call.RtpTotals is { } rtpTotals)
        {
            totals["RTP"] = WritePackets(rtpTotals);
        }

        if (call.RtcpTotals is { } rtcpTotals)
        {
            totals["RTCP"] = WritePackets(rtcpTotals);
        }

        body["totals"] = totals;
    }

    private static NgTagStats ReadTag(string key, BencodeDictionary tag)
    {
        var medias = new List<NgMediaStats>();
        if (tag.TryGetValue("medias", out var m) && m is BencodeList list)
        {
            foreach (var item in list)
            {
                if (item is BencodeDictionary media)
                {
                    medias.Add(ReadMedia(media));
                }
            }
        }

        var subscriptions = new List<string>();
        if (tag.TryGetValue("subscriptions", out var s) && s is BencodeList subs)
        {
            foreach (var sub in subs)
            {
                if (sub is BencodeDictionary d && Text(d, "tag") is { } subTag)
                {
                    subscriptions.Add(subTag);
                }
            }
        }

        return new NgTagStats(Text(tag, "tag") ?? key)
        {
            Created = Number(tag, "created"),
            Label = Text(tag, "label"),
            ViaBranch = Text(tag, "via-branch"),
            InDialogueWith = Text(tag, "in dialogue with") ?? (subscriptions.Count > 0 ? subscriptions[0] : null),
            Subscriptions = subscriptions,
            Medias = medias,
        };
    }

    private static BencodeDictionary WriteTag(NgTagStats tag)
    {
        var d = new BencodeDictionary { ["tag"] = tag.Tag };
        Put(d, "created", tag.Created);
        if (tag.Label is not null)
        {
            d["label"] = tag.Label;
        }

        if (tag.ViaBranch is not null)
        {
            d["via-branch"] = tag.ViaBranch;
        }

        if (tag.InDialogueWith is not null)
        {
            d["in dialogue with"] = tag.InDialogueWith;
        }

        var subscriptions = new BencodeList();
        foreach (var sub in tag.Subscriptions)
        {
            subscriptions.Add(new BencodeDictionary { ["tag"] = sub, ["type"] = "offer/answer" });
        }

        d["subscriptions"] = subscriptions;
        var medias = new BencodeList();
        foreach (var media in tag.Medias)
        {
            medias.Add(WriteMedia(media));
        }

        d["medias"] = medias;
        return d;
    }

    private static NgMediaStats ReadMedia(BencodeDictionary media)
    {
        var streams = new List<NgStreamStats>();
        if (media.TryGetValue("streams", out var s) && s is BencodeList list)
        {
            foreach (var item in list)
            {
                if (item is BencodeDictionary stream)
                {
                    streams.Add(ReadStream(stream));
                }
            }
        }

        return new NgMediaStats((int)(Number(media, "index") ?? 0), Text(media, "type") ?? string.Empty, Text(media, "protocol") ?? string.Empty)
        {
            Flags = TextList(media, "flags"),
            Streams = streams,
        };
    }

    private static BencodeDictionary WriteMedia(NgMediaStats media)
    {
        var streams = new BencodeList();
        foreach (var stream in media.Streams)
        {
            streams.Add(WriteStream(stream));
        }

        return new BencodeDictionary
        {
            ["index"] = media.Index,
            ["type"] = media.Type,
            ["protocol"] = media.Protocol,
            ["flags"] = NgValues.Strings(media.Flags),
            ["streams"] = streams,
        };
    }

    private static NgStreamStats ReadStream(BencodeDictionary stream) =>
        new((int)(Number(stream, "local port") ?? 0), Text(stream, "local address") ?? string.Empty)
        {
            Family = Text(stream, "family"),
            Endpoint = stream.TryGetValue("endpoint", out var e) ? ReadEndpoint(e) : null,
            AdvertisedEndpoint = stream.TryGetValue("advertised endpoint", out var a) ? ReadEndpoint(a) : null,
            LastPacket = Number(stream, "last packet"),
            Flags = TextList(stream, "flags"),
            Stats = stream.TryGetValue("stats", out var st) ? ReadPackets(st) : NgPacketStats.Zero,
        };

    private static BencodeDictionary WriteStream(NgStreamStats stream)
    {
        var d = new BencodeDictionary
        {
            ["local port"] = stream.LocalPort,
            ["local address"] = stream.LocalAddress,
            ["flags"] = NgValues.Strings(stream.Flags),
            ["stats"] = WritePackets(stream.Stats),
        };
        if (stream.Family is not null)
        {
            d["family"] = stream.Family;
        }

        if (stream.Endpoint is { } endpoint)
        {
            d["endpoint"] = WriteEndpoint(endpoint);
        }

        if (stream.AdvertisedEndpoint is { } advertised)
        {
            d["advertised endpoint"] = WriteEndpoint(advertised);
        }

        Put(d, "last packet", stream.LastPacket);
        return d;
    }

    private static NgEndpoint? ReadEndpoint(BencodeValue value) =>
        value is BencodeDictionary d && Text(d, "address") is { } address
            ? new NgEndpoint(Text(d, "family") ?? string.Empty, address, (int)(Number(d, "port") ?? 0))
            : null;

    private static BencodeDictionary WriteEndpoint(NgEndpoint endpoint) =>
        new() { ["family"] = endpoint.Family, ["address"] = endpoint.Address, ["port"] = endpoint.Port };

    private static NgPacketStats ReadPackets(BencodeValue value) =>
        value is BencodeDictionary d
            ? new NgPacketStats(Number(d, "packets") ?? 0, Number(d, "bytes") ?? 0, Number(d, "errors") ?? 0)
            : NgPacketStats.Zero;

    private static BencodeDictionary WritePackets(NgPacketStats stats) =>
        new() { ["packets"] = stats.Packets, ["bytes"] = stats.Bytes, ["errors"] = stats.Errors };

    private static long? Number(BencodeDictionary d, string key) =>
        d.TryGetValue(key, out var v) && NgValues.TryInt64(v, out var n) ? n : null;

    private static string? Text(BencodeDictionary d, string key) =>
        d.TryGetValue(key, out var v) && NgValues.TryText(v, out var t) ? t : null;

    private static IReadOnlyList<string> TextList(BencodeDictionary d, string key) =>
        d.TryGetValue(key, out var v) && NgValues.TryTextList(v, out var l) ? l : [];

    private static void Put(BencodeDictionary d, string key, long? value)
    {
        if (value is { } n)
        {
            d[key] = n;
        }
    }
}
