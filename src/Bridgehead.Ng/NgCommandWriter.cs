using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// Builds the request dictionary for a typed command: what a client (the edge driving an
/// external rtpengine) sends. Keys are written hyphenated; empty options are left out; keys
/// in <see cref="NgCommand.OtherKeys"/> are written as they are, after the typed ones.
/// </summary>
public static class NgCommandWriter
{
    public static BencodeDictionary ToDictionary(NgCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var body = new BencodeDictionary();
        body["command"] = command.Kind.ToCommandName();
        switch (command)
        {
            case NgListCommand list:
                AddNumber(body, "limit", list.Limit);
                break;
            case NgQueryCommand query:
                body["call-id"] = query.CallId;
                AddText(body, "from-tag", query.FromTag);
                AddText(body, "to-tag", query.ToTag);
                break;
            case NgDeleteCommand delete:
                body["call-id"] = delete.CallId;
                AddText(body, "from-tag", delete.FromTag);
                AddText(body, "to-tag", delete.ToTag);
                AddText(body, "via-branch", delete.ViaBranch);
                AddAddress(body, "received-from", delete.ReceivedFrom);
                AddList(body, "flags", delete.Flags);
                AddNumber(body, "delete-delay", delete.DeleteDelay);
                break;
            case NgSdpCommand sdp:
                WriteSdpCommand(sdp, body);
                break;
        }

        AddList(body, "supports", command.Supports);
        foreach (var (key, value) in command.OtherKeys)
        {
            body.TryAdd(new BencodeString(key), value);
        }

        return body;
    }

    private static void WriteSdpCommand(NgSdpCommand command, BencodeDictionary body)
    {
        body["call-id"] = command.CallId;
        body["from-tag"] = command.FromTag;
        AddText(body, "to-tag", command.ToTag);
        AddText(body, "via-branch", command.ViaBranch);
        body["sdp"] = new BencodeString(command.Sdp);
        AddList(body, "flags", command.Flags);
        AddList(body, "replace", command.Replace.ToWords());
        AddList(body, "direction", command.Direction);
        AddText(body, "from-interface", command.FromInterface);
        AddText(body, "to-interface", command.ToInterface);
        AddAddress(body, "received-from", command.ReceivedFrom);
        AddText(body, "media-address", command.MediaAddress);
        AddText(body, "address-family", command.AddressFamily);
        AddText(body, "ICE", command.Ice?.ToWord());
        AddText(body, "ICE-lite", command.IceLite?.ToWord());
        AddText(body, "DTLS", command.Dtls?.ToWord());
        AddText(body, "DTLS-fingerprint", command.DtlsFingerprint);
        AddList(body, "SDES", command.Sdes);
        AddList(body, "OSRTP", command.Osrtp);
        AddText(body, "transport-protocol", command.TransportProtocol);
        AddList(body, "rtcp-mux", command.RtcpMux.ToWords());
        AddList(body, "bundle", command.Bundle);
        if (command.Codec is { } codec)
        {
            var options = new BencodeDictionary();
            AddList(options, "strip", codec.Strip);
            AddList(options, "offer", codec.Offer);
            AddList(options, "transcode", codec.Transcode);
            AddList(options, "mask", codec.Mask);
            AddList(options, "consume", codec.Consume);
            AddList(options, "accept", codec.Accept);
            AddList(options, "except", codec.Except);
            AddList(options, "ignore", codec.Ignore);
            AddList(options, "set", codec.Set);
            if (options.Count > 0)
            {
                body["codec"] = options;
            }
        }

        AddNumber(body, "ptime", command.Ptime);
        AddNumber(body, "ptime-reverse", command.PtimeReverse);
        AddText(body, "record-call", command.RecordCall);
        AddText(body, "metadata", command.Metadata);
        AddText(body, "label", command.Label);
        AddText(body, "set-label", command.SetLabel);
        AddList(body, "T.38", command.T38);
        AddText(body, "xmlrpc-callback", command.XmlrpcCallback);
        AddText(body, "rtpp_flags", command.RtppFlags);
    }

    private static void AddText(BencodeDictionary body, string key, string? value)
    {
        if (value is not null)
        {
            body[key] = value;
        }
    }

    private static void AddAddress(BencodeDictionary body, string key, NgAddress? address)
    {
        if (address is not null)
        {
            body[key] = NgValues.Strings([address.Family, address.Address]);
        }
    }

    private static void AddNumber(BencodeDictionary body, string key, int? value)
    {
        if (value is { } n)
        {
            body[key] = n;
        }
    }

    private static void AddList(BencodeDictionary body, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            body[key] = NgValues.Strings(values);
        }
    }
}
