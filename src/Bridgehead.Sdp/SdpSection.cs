namespace Bridgehead.Sdp;

/// <summary>
/// What the session part and a media section have in common: an ordered list of lines, attribute
/// access, and the attributes that may appear at either level (c=, direction, ICE credentials,
/// fingerprint, setup, extmap). Typed setters replace lines in place, so every line that is not
/// touched keeps its position and bytes.
/// </summary>
public abstract class SdpSection
{
    private protected SdpSection(List<SdpLine> lines) => LineList = lines;

    public IReadOnlyList<SdpLine> Lines => LineList;

    private protected List<SdpLine> LineList { get; }

    private protected abstract bool IsMediaLevel { get; }

    // ---- raw lines ---------------------------------------------------------------------------

    /// <summary>Inserts a line; it must be valid at this level (a programming error otherwise).</summary>
    public void InsertLine(int index, SdpLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, LineList.Count);
        EnsureValidAdded(line);
        LineList.Insert(index, line);
    }

    /// <summary>Replaces a line by one of the same type.</summary>
    public void ReplaceLine(int index, SdpLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (LineList[index].Type != line.Type)
        {
            throw new ArgumentException($"Line {index} is '{LineList[index].Type}=', not '{line.Type}='.", nameof(line));
        }

        EnsureValid(line);
        LineList[index] = line;
    }

    /// <summary>Removes a line; the structural lines (v=, o=, s=, m=) stay.</summary>
    public void RemoveLineAt(int index)
    {
        if (LineList[index].Type is 'v' or 'o' or 's' or 'm')
        {
            throw new ArgumentException($"The '{LineList[index].Type}=' line is required.", nameof(index));
        }

        LineList.RemoveAt(index);
    }

    public int IndexOfLine(char type)
    {
        for (var i = 0; i < LineList.Count; i++)
        {
            if (LineList[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }

    // ---- attributes --------------------------------------------------------------------------

    public IEnumerable<SdpAttribute> Attributes
    {
        get
        {
            foreach (var line in LineList)
            {
                if (line.Type == 'a')
                {
                    yield return line.AsAttribute();
                }
            }
        }
    }

    public bool HasAttribute(string name) => IndexOfAttribute(name) >= 0;

    /// <summary>The value of the first attribute of that name; "" for a flag attribute, null when absent.</summary>
    public string? GetAttribute(string name)
    {
        var i = IndexOfAttribute(name);
        return i < 0 ? null : SdpAttribute.ValueSpan(LineList[i].Value, name).ToString();
    }

    public IEnumerable<string> GetAttributeValues(string name)
    {
        foreach (var line in LineList)
        {
            if (line.Type == 'a' && SdpAttribute.NameIs(line.Value, name))
            {
                yield return SdpAttribute.ValueSpan(line.Value, name).ToString();
            }
        }
    }

    /// <summary>Appends an attribute at the end of the section, where RFC 8866 §5 puts them.</summary>
    public void AddAttribute(string name, string? value = null)
    {
        var line = SdpLine.Attribute(name, value);
        EnsureValid(line);
        LineList.Add(line);
    }

    /// <summary>
    /// Gives the attribute exactly this value: the first occurrence is rewritten in place, any
    /// others are removed, and it is appended when missing.
    /// </summary>
    public void SetAttribute(string name, string? value = null)
    {
        var first = IndexOfAttribute(name);
        if (first < 0)
        {
            AddAttribute(name, value);
            return;
        }

        var line = SdpLine.Attribute(name, value, LineList[first].Ending);
        EnsureValid(line);
        if (line.Value != LineList[first].Value)
        {
            LineList[first] = line;
        }

        for (var i = LineList.Count - 1; i > first; i--)
        {
            if (LineList[i].Type == 'a' && SdpAttribute.NameIs(LineList[i].Value, name))
            {
                LineList.RemoveAt(i);
            }
        }
    }

    public int RemoveAttributes(string name) =>
        LineList.RemoveAll(line => line.Type == 'a' && SdpAttribute.NameIs(line.Value, name));

    public int RemoveAttributes(Func<SdpAttribute, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return LineList.RemoveAll(line => line.Type == 'a' && predicate(line.AsAttribute()));
    }

    private protected int IndexOfAttribute(string name, int start = 0)
    {
        for (var i = start; i < LineList.Count; i++)
        {
            if (LineList[i].Type == 'a' && SdpAttribute.NameIs(LineList[i].Value, name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Typed values of every valid attribute of a name (invalid ones cannot be in a parsed or validated section).</summary>
    private protected IReadOnlyList<T> ParseAll<T>(string name, SdpValueParser<T> parse)
    {
        List<T>? result = null;
        foreach (var line in LineList)
        {
            if (line.Type == 'a' && SdpAttribute.NameIs(line.Value, name)
                && parse(SdpAttribute.ValueSpan(line.Value, name), out var value))
            {
                (result ??= []).Add(value);
            }
        }

        return result ?? (IReadOnlyList<T>)[];
    }

    private protected void SetFlag(string name, bool present)
    {
        if (present)
        {
            if (!HasAttribute(name))
            {
                AddAttribute(name);
            }
        }
        else
        {
            RemoveAttributes(name);
        }
    }

    private protected void SetOrRemove(string name, string? value)
    {
        if (value is null)
        {
            RemoveAttributes(name);
        }
        else
        {
            SetAttribute(name, value);
        }
    }

    private protected void EnsureValid(SdpLine line)
    {
        var error = SdpLineValidator.Validate(line, IsMediaLevel);
        if (error != SdpParseError.None)
        {
            throw new ArgumentException($"'{line}' is not a valid SDP line here: {error}.", nameof(line));
        }
    }

    private void EnsureValidAdded(SdpLine line)
    {
        if (line.Type is 'v' or 'o' or 's' or 'm')
        {
            throw new ArgumentException($"A section holds one '{line.Type}=' line.", nameof(line));
        }

        EnsureValid(line);
    }

    // ---- fields that may appear at session or media level -------------------------------------

    /// <summary>The c= line of this level; setting null removes it.</summary>
    public SdpConnection? Connection
    {
        get
        {
            var i = IndexOfLine('c');
            return i >= 0 && SdpConnection.TryParse(LineList[i].Value, out var c) ? c : null;
        }
        set
        {
            var i = IndexOfLine('c');
            if (value is null)
            {
                if (i >= 0)
                {
                    LineList.RemoveAt(i);
                }

                return;
            }

            var text = value.ToString();
            if (i >= 0)
            {
                ReplaceLine(i, LineList[i] with { Value = text, IsLatin1 = false });
            }
            else
            {
                var line = new SdpLine('c', text);
                EnsureValid(line);
                LineList.Insert(ConnectionInsertIndex(), line);
            }
        }
    }

    /// <summary>The direction attribute written at this level, or null when there is none.</summary>
    public SdpDirection? Direction
    {
        get
        {
            foreach (var line in LineList)
            {
                if (line.Type == 'a' && SdpDirectionExtensions.TryParse(line.Value, out var d))
                {
                    return d;
                }
            }

            return null;
        }
        set
        {
            var first = -1;
            for (var i = LineList.Count - 1; i >= 0; i--)
            {
                if (LineList[i].Type == 'a' && SdpDirectionExtensions.TryParse(LineList[i].Value, out _))
                {
                    if (first >= 0)
                    {
                        LineList.RemoveAt(first);
                    }

                    first = i;
                }
            }

            if (value is not { } direction)
            {
                if (first >= 0)
                {
                    LineList.RemoveAt(first);
                }
            }
            else if (first >= 0)
            {
                LineList[first] = LineList[first] with { Value = direction.ToAttributeName() };
            }
            else
            {
                AddAttribute(direction.ToAttributeName());
            }
        }
    }

    /// <summary>a=ice-ufrag (RFC 8839 §5.4).</summary>
    public string? IceUfrag
    {
        get => GetAttribute("ice-ufrag");
        set => SetOrRemove("ice-ufrag", value);
    }

    /// <summary>a=ice-pwd (RFC 8839 §5.4).</summary>
    public string? IcePwd
    {
        get => GetAttribute("ice-pwd");
        set => SetOrRemove("ice-pwd", value);
    }

    /// <summary>a=ice-options tokens such as trickle, ice2 (RFC 8839 §5.6); setting an empty list removes it.</summary>
    public IReadOnlyList<string> IceOptions
    {
        get => GetAttribute("ice-options") is { } options
            ? options.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        set => SetOrRemove("ice-options", value is null || value.Count == 0 ? null : string.Join(' ', value));
    }

    public IReadOnlyList<SdpFingerprint> Fingerprints => ParseAll<SdpFingerprint>(SdpFingerprint.AttributeName, SdpFingerprint.TryParse);

    /// <summary>Replaces every fingerprint at this level (several are allowed, RFC 8122 §5).</summary>
    public void SetFingerprints(IEnumerable<SdpFingerprint> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        RemoveAttributes(SdpFingerprint.AttributeName);
        foreach (var fingerprint in fingerprints)
        {
            AddAttribute(SdpFingerprint.AttributeName, fingerprint.ToString());
        }
    }

    public SdpSetupRole? Setup
    {
        get => GetAttribute(SdpSetupRoleExtensions.AttributeName) is { } v && SdpSetupRoleExtensions.TryParse(v, out var role) ? role : null;
        set => SetOrRemove(SdpSetupRoleExtensions.AttributeName, value?.ToAttributeValue());
    }

    public IReadOnlyList<SdpExtmap> Extmaps => ParseAll<SdpExtmap>(SdpExtmap.AttributeName, SdpExtmap.TryParse);

    /// <summary>Where a new c= line belongs in this section (RFC 8866 §5 field order).</summary>
    private protected abstract int ConnectionInsertIndex();

    private protected int IndexOfFirst(ReadOnlySpan<char> types)
    {
        for (var i = 0; i < LineList.Count; i++)
        {
            if (types.Contains(LineList[i].Type))
            {
                return i;
            }
        }

        return LineList.Count;
    }
}

internal delegate bool SdpValueParser<T>(ReadOnlySpan<char> value, out T result);
