using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

public static partial class NgCommandReader
{
    private static NgSdpCommand? ReadSdpCommand(NgCommandKind kind, Keys keys, out NgError error)
    {
        // Checked in rtpengine's order, so the same request gets the same error-reason.
        var sdp = keys.Take("sdp", static v => v as BencodeString);
        if (sdp is null)
        {
            error = NgError.MissingSdp;
            return null;
        }

        if (keys.Text("call-id") is not { } callId)
        {
            error = NgError.MissingCallId;
            return null;
        }

        if (keys.Text("from-tag") is not { } fromTag)
        {
            error = NgError.MissingFromTag;
            return null;
        }

        var toTag = keys.Text("to-tag");
        NgSdpCommand command;
        if (kind == NgCommandKind.Answer)
        {
            if (toTag is null)
            {
                error = NgError.MissingToTag;
                return null;
            }

            command = new NgAnswerCommand(callId, fromTag, toTag, sdp.Bytes);
        }
        else
        {
            command = new NgOfferCommand(callId, fromTag, sdp.Bytes) { ToTag = toTag };
        }

        error = NgError.None;
        return command with
        {
            ViaBranch = keys.Text("via-branch"),
            Flags = keys.TextList("flags") ?? [],
            Replace = keys.Take("replace", static v => ParseAll(v, NgOptionWords.ParseReplace)) ?? NgReplace.None,
            Direction = keys.TextList("direction") ?? [],
            FromInterface = keys.Text("from-interface"),
            ToInterface = keys.Text("to-interface"),
            ReceivedFrom = keys.Address("received-from"),
            MediaAddress = keys.Text("media-address"),
            AddressFamily = keys.Text("address-family"),
            Ice = keys.Take("ICE", static v => NgValues.TryText(v, out var t) ? NgOptionWords.ParseIce(t) : null),
            IceLite = keys.Take("ICE-lite", static v => NgValues.TryText(v, out var t) ? NgOptionWords.ParseIceLite(t) : null),
            Dtls = keys.Take("DTLS", static v => NgValues.TryText(v, out var t) ? NgOptionWords.ParseDtls(t) : null),
            DtlsFingerprint = keys.Text("DTLS-fingerprint"),
            Sdes = keys.TextList("SDES") ?? [],
            Osrtp = keys.TextList("OSRTP") ?? [],
            TransportProtocol = keys.Text("transport-protocol"),
            RtcpMux = keys.Take("rtcp-mux", static v => ParseAll(v, NgOptionWords.ParseRtcpMux)) ?? NgRtcpMux.None,
            Bundle = keys.TextList("bundle") ?? [],
            Codec = keys.Take("codec", ReadCodec),
            Ptime = keys.Int32("ptime"),
            PtimeReverse = keys.Int32("ptime-reverse"),
            RecordCall = keys.Text("record-call"),
            Metadata = keys.Text("metadata"),
            Label = keys.Text("label"),
            SetLabel = keys.Text("set-label"),
            T38 = keys.TextList("T.38") ?? [],
            XmlrpcCallback = keys.Text("xmlrpc-callback"),
            RtppFlags = keys.Text("rtpp_flags"),
        };
    }

    private static T? ParseAll<T>(BencodeValue value, Func<string, T?> parse)
        where T : struct, Enum
    {
        if (!NgValues.TryTextList(value, out var words))
        {
            return null;
        }

        var result = 0;
        foreach (var word in words)
        {
            if (parse(word) is not { } flag)
            {
                return null;
            }

            result |= Convert.ToInt32(flag, System.Globalization.CultureInfo.InvariantCulture);
        }

        return (T)(object)result;
    }

    private static NgCodecOptions? ReadCodec(BencodeValue value)
    {
        if (value is not BencodeDictionary dictionary)
        {
            return null;
        }

        var codec = new NgCodecOptions();
        foreach (var (key, item) in dictionary)
        {
            if (!NgValues.TryTextList(item, out var list))
            {
                return null;
            }

            codec = NgFlags.NormalizeKey(key.Text) switch
            {
                "strip" => codec with { Strip = list },
                "offer" => codec with { Offer = list },
                "transcode" => codec with { Transcode = list },
                "mask" => codec with { Mask = list },
                "consume" => codec with { Consume = list },
                "accept" => codec with { Accept = list },
                "except" => codec with { Except = list },
                "ignore" => codec with { Ignore = list },
                "set" => codec with { Set = list },
                _ => null,
            };

            if (codec is null)
            {
                return null;
            }
        }

        return codec;
    }
}
