using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Ports;
using Bridgehead.Relay.Security;
using Bridgehead.Relay.Sessions;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Relay;

// Ports, credentials and keys of streams, and handing decisions to the workers.
public sealed partial class MediaRelay
{
    // Ports that fail to bind (taken by another program) are skipped; this many tries, then the offer fails.
    private const int BindAttempts = 32;

    // SDES suites offered, in order of preference (RFC 4568 §6.2, RFC 7714 §14.2).
    private static readonly SrtpProfile[] SdesSuites =
        [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AesCm128HmacSha1_32, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Leg AddLeg(MediaSession session, string? tag, RelayInterface relayInterface)
    {
        var leg = new Leg(session, tag, relayInterface, _time.GetUtcNow());
        session.Legs.Add(leg);
        return leg;
    }

    private MediaStream StreamAt(Leg leg, int index, string mediaType)
    {
        while (leg.Streams.Count <= index)
        {
            leg.Streams.Add(new MediaStream(leg, leg.Streams.Count, mediaType, NewPath(leg)));
        }

        var stream = leg.Streams[index];
        stream.MediaType = mediaType;
        return stream;
    }

    private StreamPath NewPath(Leg leg) => new(leg.Session.Worker, leg.Interface.AddressFamily, _events);

    /// <summary>Gives the stream its RTP port and, when it needs one, the RTCP port next to it.</summary>
    private bool EnsurePorts(MediaStream stream, bool needRtcp)
    {
        var relayInterface = stream.Leg.Interface;
        if (stream.Rtp is not null)
        {
            if (needRtcp && stream.Rtcp is null)
            {
                stream.Rtcp = _io.TryOpen(relayInterface, stream.Rtp.Port + 1, isRtcp: true);
                return stream.Rtcp is not null;
            }

            return true;
        }

        for (var attempt = 0; attempt < BindAttempts; attempt++)
        {
            if (!relayInterface.Ports.TryTake(out var port))
            {
                return false;
            }

            var rtp = _io.TryOpen(relayInterface, port, isRtcp: false);
            var rtcp = rtp is not null && needRtcp ? _io.TryOpen(relayInterface, port + 1, isRtcp: true) : null;
            if (rtp is null || (needRtcp && rtcp is null))
            {
                rtp?.Dispose();
                relayInterface.Ports.Return(port);
                Log.PortBusy(_logger, relayInterface.Name, port);
                continue;
            }

            stream.Rtp = rtp;
            stream.Rtcp = rtcp;
            return true;
        }

        return false;
    }

    /// <summary>Stops a stream (rejected, or its call ended): its ports close and return to the pool on its worker.</summary>
    private void Deactivate(MediaStream stream)
    {
        stream.Active = false;
        if (stream.Rtp is null)
        {
            return;
        }

        var path = stream.Path;
        var rtp = stream.Rtp;
        var rtcp = stream.Rtcp;
        var pool = stream.Leg.Interface.Ports;
        stream.Rtp = null;
        stream.Rtcp = null;
        stream.Path = NewPath(stream.Leg);
        stream.Leg.Session.Worker.Post(() =>
        {
            path.Dispose();
            rtp.Dispose();
            rtcp?.Dispose();
            pool.Return(rtp.Port);
        });
    }

    /// <summary>Posts every active stream's settings to the call's worker, in one piece.</summary>
    private void ConfigurePaths(MediaSession session)
    {
        var configs = new List<(StreamPath Path, StreamPathConfig Config)>();
        foreach (var leg in session.Legs)
        {
            foreach (var stream in leg.Streams)
            {
                if (stream.Active && stream.Rtp is not null)
                {
                    configs.Add((stream.Path, stream.ToPathConfig(_dtlsOptions)));
                    stream.RemoteChanged = false;
                }
            }
        }

        session.Worker.Post(() =>
        {
            foreach (var (path, config) in configs)
            {
                path.Apply(config);
            }
        });
    }

    private IceSettings NewIceCredentials()
    {
        // RFC 8839 §5.4: at least 24 bits of randomness in the ufrag, 128 in the password.
        Span<byte> tieBreaker = stackalloc byte[8];
        _random.GetBytes(tieBreaker);
        return new IceSettings(RandomIceString(8), RandomIceString(24), null, BitConverter.ToUInt64(tieBreaker));
    }

    private string RandomIceString(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        _random.GetBytes(bytes);
        return string.Create(length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IceChars[source[i] & 63];
            }
        });
    }

    /// <summary>Our SDES keys for an offer: one per suite the command allows, tags 1, 2, …</summary>
    private IReadOnlyList<SdesKey> OfferKeys(MediaStream stream, CommandOptions options)
    {
        var suites = SdesSuites.Where(s => Allowed(SrtpProfiles.Get(s).Name, options)).ToList();
        if (stream.OfferedKeys.Count == suites.Count && stream.OfferedKeys.Select(k => k.Profile).SequenceEqual(suites))
        {
            return stream.OfferedKeys;
        }

        return [.. suites.Select((suite, i) => SdesKey.Generate(i + 1, suite, _random))];
    }

    private static bool Allowed(string suite, CommandOptions options) =>
        !options.SdesExcluded.Contains(suite, StringComparer.OrdinalIgnoreCase)
        && (options.SdesOnly.Count == 0 || options.SdesOnly.Contains(suite, StringComparer.OrdinalIgnoreCase));

    /// <summary>The first of the peer's a=crypto lines we can use, and our key for the same suite and tag.</summary>
    private (SdesKey Remote, SdesKey Local)? AnswerKeys(MediaStream stream, RemoteMedia remote, CommandOptions options)
    {
        foreach (var crypto in remote.Cryptos)
        {
            if (!Allowed(crypto.Suite, options) || SdesKey.FromCrypto(crypto) is not { } key)
            {
                continue;
            }

            // A re-offer with the same key keeps ours too, so neither direction re-keys.
            var local = stream.LocalKey is { } current && current.Profile == key.Profile && current.Tag == crypto.Tag
                ? current
                : SdesKey.Generate(crypto.Tag, key.Profile, _random);
            return (key, local);
        }

        return null;
    }
}
