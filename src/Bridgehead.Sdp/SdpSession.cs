namespace Bridgehead.Sdp;

/// <summary>
/// A session description (RFC 8866): the session-level lines from v= up to the first m=, the
/// media sections, and whatever blank lines trailed the body. Parse with <see cref="SdpParser"/>,
/// write with <see cref="SdpWriter"/>; an untouched session is written back byte for byte.
/// </summary>
public sealed class SdpSession : SdpSection
{
    private readonly List<SdpMedia> media;

    /// <summary>A new description: v=0, the origin, s=, and t=0 0 (RFC 8866 §5).</summary>
    public SdpSession(SdpOrigin origin, string sessionName = "-")
        : base([new SdpLine('v', "0"), new SdpLine('o', (origin ?? throw new ArgumentNullException(nameof(origin))).ToString()), new SdpLine('s', sessionName), new SdpLine('t', "0 0")])
    {
        EnsureValid(LineList[1]);
        EnsureValid(LineList[2]);
        media = [];
    }

    internal SdpSession(List<SdpLine> lines, List<SdpMedia> media, string trailer)
        : base(lines)
    {
        this.media = media;
        Trailer = trailer;
    }

    private protected override bool IsMediaLevel => false;

    /// <summary>The media sections in order; an answer keeps the offer's count and order (RFC 3264 §6).</summary>
    public IList<SdpMedia> Media => media;

    /// <summary>Blank lines that followed the last line (only CR and LF), kept for the round trip.</summary>
    public string Trailer
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AsSpan().IndexOfAnyExcept('\r', '\n') >= 0)
            {
                throw new ArgumentException("The trailer holds only CR and LF.", nameof(value));
            }

            field = value;
        }
    } = string.Empty;

    public SdpOrigin Origin
    {
        get => SdpOrigin.TryParse(LineList[IndexOfLine('o')].Value, out var origin) ? origin : throw new InvalidOperationException("The o= line is invalid.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var i = IndexOfLine('o');
            var text = value.ToString();
            if (text != LineList[i].Value)
            {
                ReplaceLine(i, LineList[i] with { Value = text, IsLatin1 = false });
            }
        }
    }

    public string SessionName
    {
        get => LineList[IndexOfLine('s')].Value;
        set
        {
            var i = IndexOfLine('s');
            ReplaceLine(i, LineList[i] with { Value = value, IsLatin1 = false });
        }
    }

    /// <summary>a=ice-lite, session level only (RFC 8839 §5.3).</summary>
    public bool IceLite
    {
        get => HasAttribute("ice-lite");
        set => SetFlag("ice-lite", value);
    }

    public IReadOnlyList<SdpGroup> Groups => ParseAll<SdpGroup>(SdpGroup.AttributeName, SdpGroup.TryParse);

    /// <summary>The BUNDLE group, if any (RFC 9143 §7).</summary>
    public SdpGroup? BundleGroup => Groups.FirstOrDefault(g => g.IsBundle);

    /// <summary>Replaces the group of these semantics; null (or no ids) removes it.</summary>
    public void SetGroup(string semantics, IReadOnlyList<string>? mediaIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(semantics);
        var i = IndexOfGroup(semantics);
        if (mediaIds is null || mediaIds.Count == 0)
        {
            if (i >= 0)
            {
                LineList.RemoveAt(i);
            }

            return;
        }

        var line = SdpLine.Attribute(SdpGroup.AttributeName, new SdpGroup(semantics, mediaIds).ToString(), i >= 0 ? LineList[i].Ending : SdpLineEnding.Default);
        EnsureValid(line);
        if (i >= 0)
        {
            LineList[i] = line;
        }
        else
        {
            LineList.Add(line);
        }
    }

    /// <summary>The c= that applies to a media section: its own, else the session's (RFC 8866 §5.7).</summary>
    public SdpConnection? GetEffectiveConnection(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>
    /// The direction that applies to a media section: its own attribute, else the session's,
    /// else sendrecv (RFC 3264 §5.1). The RFC 2543 hold form c=0.0.0.0 means "send nothing to
    /// me" (RFC 3264 §8.4), so it takes away the receive half; with ICE the same address is only
    /// a placeholder before candidates (RFC 8839 §4.2.1.1) and means nothing.
    /// </summary>
    public SdpDirection GetEffectiveDirection(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        var direction = media.Direction ?? Direction ?? SdpDirection.SendRecv;
        var usesIce = media.IceUfrag is not null || IceUfrag is not null;
        if (!usesIce && GetEffectiveConnection(media) is { IsUnspecified: true })
        {
            direction = SdpDirectionExtensions.From(direction.Sends(), receives: false);
        }

        return direction;
    }

    /// <summary>On hold: the party will not receive media on this stream (sendonly, inactive, or c=0.0.0.0).</summary>
    public bool IsOnHold(SdpMedia media) => !GetEffectiveDirection(media).Receives();

    /// <summary>A deep copy (lines are immutable, so only the lists are copied).</summary>
    public SdpSession Clone() => new([.. LineList], [.. media.Select(m => m.Clone())], Trailer);

    public override string ToString() => SdpWriter.ToText(this);

    private protected override int ConnectionInsertIndex()
    {
        // v= o= s= i= u= e= p= c= b= t= r= z= k= a= (RFC 8866 §5)
        return IndexOfFirst("btrzka");
    }

    private int IndexOfGroup(string semantics)
    {
        for (var i = 0; i < LineList.Count; i++)
        {
            if (LineList[i].Type == 'a' && SdpAttribute.NameIs(LineList[i].Value, SdpGroup.AttributeName)
                && SdpGroup.TryParse(SdpAttribute.ValueSpan(LineList[i].Value, SdpGroup.AttributeName), out var group)
                && group.Semantics.Equals(semantics, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
