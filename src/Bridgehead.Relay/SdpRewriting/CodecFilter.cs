using System.Globalization;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.SdpRewriting;

/// <summary>
/// The codec options of an offer (ng-protocol §3.2.2) without transcoding: strip and mask remove
/// codecs from what is offered on, offer (and transcode, for a codec the offerer has) moves them to
/// the front. A codec the offerer lacks cannot be added, since the relay does not transcode yet.
/// </summary>
internal static class CodecFilter
{
    /// <summary>Filters the section's formats; returns a warning when something asked for could not be done.</summary>
    public static string? Apply(SdpMedia media, NgCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(options);
        var codecs = media.Codecs;
        if (codecs.Count == 0)
        {
            return null;
        }

        var removed = new HashSet<int>();
        foreach (var codec in codecs)
        {
            if (Matches(codec, options.Strip) || Matches(codec, options.Mask))
            {
                removed.Add(codec.PayloadType);
            }
        }

        var front = new List<int>();
        string? warning = null;
        foreach (var wanted in options.Offer.Concat(options.Transcode))
        {
            var found = false;
            foreach (var codec in codecs)
            {
                if (Matches(codec, wanted))
                {
                    found = true;
                    removed.Remove(codec.PayloadType);
                    if (!front.Contains(codec.PayloadType))
                    {
                        front.Add(codec.PayloadType);
                    }
                }
            }

            if (!found && options.Transcode.Contains(wanted))
            {
                warning = $"Codec {wanted} cannot be added: transcoding is not supported";
            }
        }

        var kept = new List<SdpCodec>();
        foreach (var pt in front)
        {
            kept.Add(codecs.First(c => c.PayloadType == pt));
        }

        foreach (var codec in codecs)
        {
            if (!removed.Contains(codec.PayloadType) && !front.Contains(codec.PayloadType))
            {
                kept.Add(codec);
            }
        }

        // telephone-event and CN ride with a voice codec of their clock rate (RFC 4733 §2.1).
        var voiceRates = kept.Where(c => !c.IsCompanion).Select(c => c.ClockRate).ToHashSet();
        kept.RemoveAll(c => c.IsCompanion && !voiceRates.Contains(c.ClockRate));
        if (kept.Count == 0)
        {
            return "The codec options leave no codec; the offer keeps its codecs";
        }

        // A format that names no codec (a dynamic type without rtpmap) cannot be matched by name;
        // it stays unless everything is stripped.
        var stripAll = options.Strip.Concat(options.Mask).Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase) || n.Equals("full", StringComparison.OrdinalIgnoreCase));
        var known = codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var formats = kept.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture))
            .Concat(media.Formats.Where(f => !known.Contains(f) && !stripAll))
            .ToList();
        media.RetainFormats(formats);
        return warning;
    }

    private static bool Matches(SdpCodec codec, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (Matches(codec, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>all</c>/<c>full</c>, a payload type number, or name[/rate[/channels]] (case-insensitive).</summary>
    private static bool Matches(SdpCodec codec, string name)
    {
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase) || name.Equals("full", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
        {
            return codec.PayloadType == pt;
        }

        var parts = name.Split('/');
        if (!parts[0].Equals(codec.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (parts.Length > 1 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate != codec.ClockRate))
        {
            return false;
        }

        return parts.Length <= 2 || (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var channels) && channels == codec.Channels);
    }
}
