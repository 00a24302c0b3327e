using System.Net;
using System.Net.Sockets;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;
using Bridgehead.Relay.Sessions;

namespace Bridgehead.Relay;

// query, list and statistics (ng-protocol §3.5–3.7), in the layout rtpengine 10.5 writes.
public sealed partial class MediaRelay
{
    public NgReply Query(NgQueryCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_sessions.TryGetValue(command.CallId, out var session))
        {
            return new NgErrorReply("Unknown call-id");
        }

        lock (session.Lock)
        {
            return session.Ended ? new NgErrorReply("Unknown call-id") : new NgQueryReply(BuildStats(session));
        }
    }

    public NgReply List(NgListCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var limit = command.Limit is > 0 and var l ? l : 32;
        return new NgListReply([.. _sessions.Keys.Take(limit)]);
    }

    public NgReply Statistics()
    {
        var totals = Totals();
        var rates = Rates;
        var uptime = (long)(_time.GetUtcNow() - _startedAt).TotalSeconds;
        var managed = Interlocked.Read(ref _managedSessions);
        var ended = Interlocked.Read(ref _deletedSessions) + Interlocked.Read(ref _timeoutSessions);
        var current = new BencodeDictionary
        {
            ["sessionsown"] = _sessions.Count,
            ["sessionsforeign"] = 0,
            ["sessionstotal"] = _sessions.Count,
            ["transcodedmedia"] = 0,
            ["packetrate"] = rates.Packets,
            ["byterate"] = rates.Bytes,
            ["errorrate"] = rates.Errors,
        };
        var total = new BencodeDictionary
        {
            ["uptime"] = uptime.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["managedsessions"] = managed,
            ["rejectedsessions"] = Interlocked.Read(ref _rejectedSessions),
            ["timeoutsessions"] = Interlocked.Read(ref _timeoutSessions),
            ["finalsessions"] = ended,
            ["relayedpackets"] = totals.Packets,
            ["relayedpacketerrors"] = totals.Dropped,
            ["relayedbytes"] = totals.Bytes,
            ["relayedrtppackets"] = totals.RtpPackets,
            ["relayedrtcppackets"] = totals.RtcpPackets,
            ["icechecksanswered"] = totals.StunAnswered,
            ["icechecksrejected"] = totals.StunRejected,
        };
        var interfaces = new BencodeList();
        foreach (var relayInterface in _interfaces)
        {
            interfaces.Add(new BencodeDictionary
            {
                ["name"] = relayInterface.Name,
                ["address"] = relayInterface.BindAddress.ToString(),
                ["advertised address"] = relayInterface.AdvertisedAddress.ToString(),
                ["ports"] = new BencodeDictionary
                {
                    ["min"] = _options.PortMin,
                    ["max"] = _options.PortMax,
                    ["used"] = relayInterface.Ports.InUse * 2,
                    ["free"] = (relayInterface.Ports.Capacity - relayInterface.Ports.InUse) * 2,
                    ["totals"] = relayInterface.Ports.Capacity * 2,
                },
            });
        }

        return new NgStatisticsReply(new BencodeDictionary
        {
            ["currentstatistics"] = current,
            ["totalstatistics"] = total,
            ["interfaces"] = interfaces,
        });
    }

    private NgCallStats BuildStats(MediaSession session)
    {
        long rtpPackets = 0, rtpBytes = 0, rtcpPackets = 0, rtcpBytes = 0, errors = 0;
        var tags = new List<NgTagStats>();
        foreach (var leg in session.Legs)
        {
            var medias = new List<NgMediaStats>();
            foreach (var stream in leg.Streams)
            {
                var counters = stream.Path.Counters;
                rtpPackets += counters.RtpPackets;
                rtpBytes += counters.RtpBytes;
                rtcpPackets += counters.RtcpPackets;
                rtcpBytes += counters.RtcpBytes;
                errors += counters.Errors;
                medias.Add(MediaStats(stream));
            }

            tags.Add(new NgTagStats(leg.Tag ?? string.Empty)
            {
                Created = leg.Created.ToUnixTimeSeconds(),
                Label = leg.Label,
                ViaBranch = leg.ViaBranch,
                InDialogueWith = leg.Other?.Tag,
                Subscriptions = leg.Other?.Tag is { } other ? [other] : [],
                Medias = medias,
            });
        }

        return new NgCallStats
        {
            Created = session.Created.ToUnixTimeSeconds(),
            CreatedMicroseconds = session.Created.ToUnixTimeMilliseconds() * 1000,
            LastSignal = session.LastSignal.ToUnixTimeSeconds(),
            Tags = tags,
            RtpTotals = new NgPacketStats(rtpPackets, rtpBytes, errors),
            RtcpTotals = new NgPacketStats(rtcpPackets, rtcpBytes, 0),
        };
    }

    private NgMediaStats MediaStats(MediaStream stream)
    {
        var profile = stream.Profile;
        var flags = new List<string> { "initialized" };
        if (profile is not null && stream.Active)
        {
            flags.AddRange(["send", "recv"]);
            if (profile.RtcpMux)
            {
                flags.Add("rtcp-mux");
            }

            if (profile.Security == MediaSecurity.Dtls)
            {
                flags.Add("DTLS-SRTP");
                if (stream.DtlsRole is { } role)
                {
                    flags.Add(role == Bridgehead.Dtls.DtlsRole.Server ? "DTLS role passive" : "DTLS role active");
                }
            }
            else if (profile.Security == MediaSecurity.Sdes)
            {
                flags.Add("SDES");
            }

            if (profile.Ice)
            {
                flags.AddRange(["ICE", "ICE-lite self"]);
            }
        }

        var streams = new List<NgStreamStats>();
        var path = stream.Path;
        if (stream.Rtp is { } rtp)
        {
            streams.Add(StreamStats(rtp.Port, stream, path.RtpPeerEndPoint, rtcp: false));
        }

        if (stream.Rtcp is { } rtcpPort && profile is { RtcpMux: false })
        {
            streams.Add(StreamStats(rtcpPort.Port, stream, path.RtcpPeerEndPoint, rtcp: true));
        }

        return new NgMediaStats(stream.Index + 1, stream.MediaType, profile?.Protocol ?? stream.Remote?.Protocol ?? string.Empty)
        {
            Flags = flags,
            Streams = streams,
        };
    }

    private NgStreamStats StreamStats(int port, MediaStream stream, IPEndPoint? peer, bool rtcp)
    {
        var counters = stream.Path.Counters;
        var relayInterface = stream.Leg.Interface;
        var latched = rtcp ? stream.Path.RtcpLatched : stream.Path.RtpLatched;
        var flags = new List<string> { rtcp ? "RTCP" : "RTP" };
        if (peer is not null)
        {
            flags.Add("filled");
        }

        if (latched)
        {
            flags.Add("confirmed");
        }

        if (stream.Profile?.Ice == true)
        {
            flags.Add("ICE");
        }

        var last = counters.LastPacket;
        return new NgStreamStats(port, relayInterface.BindAddress.ToString())
        {
            Family = Family(relayInterface.AddressFamily),
            Endpoint = peer is null ? null : new NgEndpoint(Family(peer.AddressFamily), peer.Address.ToString(), peer.Port),
            AdvertisedEndpoint = new NgEndpoint(Family(relayInterface.AddressFamily), relayInterface.AdvertisedAddress.ToString(), port),
            LastPacket = last == 0 ? null : _time.GetUtcNow().AddSeconds(-_time.GetElapsedTime(last).TotalSeconds).ToUnixTimeSeconds(),
            Flags = flags,
            Stats = rtcp
                ? new NgPacketStats(counters.RtcpPackets, counters.RtcpBytes, 0)
                : new NgPacketStats(counters.RtpPackets, counters.RtpBytes, counters.Errors),
        };
    }

    private static string Family(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
