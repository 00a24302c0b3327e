using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Bridgehead.Sdp;

/// <summary>
/// Reads a session description from bytes (RFC 8866 §5, §9). Every line is kept with its ending,
/// so writing an untouched session gives back the same bytes; the lines Bridgehead reads or
/// rewrites are checked against their grammar. Bad input is a reason and a line number.
/// </summary>
public static class SdpParser
{
    public static bool TryParse(string text, [NotNullWhen(true)] out SdpSession? session, out SdpParseFailure failure, SdpParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(Encoding.UTF8.GetBytes(text), out session, out failure, limits);
    }

    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SdpSession? session, out SdpParseFailure failure, SdpParseLimits? limits = null)
    {
        limits ??= SdpParseLimits.Default;
        session = null;
        if (body.IsEmpty)
        {
            failure = new(SdpParseError.Empty, 0);
            return false;
        }

        if (body.Length > limits.MaxLength)
        {
            failure = new(SdpParseError.TooLarge, 0);
            return false;
        }

        var sessionLines = new List<SdpLine>(16);
        var media = new List<SdpMedia>();
        var current = sessionLines;
        var trailer = string.Empty;
        var lineNumber = 0;
        var position = 0;
        while (position < body.Length)
        {
            lineNumber++;
            if (lineNumber > limits.MaxLines)
            {
                failure = new(SdpParseError.TooManyLines, lineNumber);
                return false;
            }

            var rest = body[position..];
            var newline = rest.IndexOf((byte)'\n');
            var content = newline < 0 ? rest : rest[..newline];
            var ending = SdpLineEnding.None;
            if (newline >= 0)
            {
                ending = SdpLineEnding.Lf;
                if (!content.IsEmpty && content[^1] == '\r')
                {
                    ending = SdpLineEnding.CrLf;
                    content = content[..^1];
                }
            }

            if (content.IsEmpty)
            {
                // Blank lines are tolerated only as a trailer (SIP bodies often end in an extra CRLF).
                if (rest.IndexOfAnyExcept((byte)'\r', (byte)'\n') >= 0 || lineNumber == 1)
                {
                    failure = new(SdpParseError.BlankLine, lineNumber);
                    return false;
                }

                trailer = Encoding.ASCII.GetString(rest);
                break;
            }

            position += newline < 0 ? rest.Length : newline + 1;
            if (content.Length < 2 || content[0] is < (byte)'a' or > (byte)'z' || content[1] != '=')
            {
                failure = new(SdpParseError.MalformedLine, lineNumber);
                return false;
            }

            var valueBytes = content[2..];
            if (valueBytes.IndexOfAnyInRange((byte)0, (byte)0x08) >= 0 || valueBytes.IndexOfAnyInRange((byte)0x0a, (byte)0x1f) >= 0
                || valueBytes.IndexOf((byte)0x7f) >= 0)
            {
                failure = new(SdpParseError.InvalidCharacter, lineNumber);
                return false;
            }

            var type = (char)content[0];
            var line = Utf8.IsValid(valueBytes)
                ? new SdpLine(type, Encoding.UTF8.GetString(valueBytes), ending)
                : new SdpLine(type, Encoding.Latin1.GetString(valueBytes), ending) { IsLatin1 = true };

            if (lineNumber == 1 && type != 'v')
            {
                failure = new(SdpParseError.MissingVersion, 1);
                return false;
            }

            if (type == 'm')
            {
                if (media.Count == limits.MaxMedia)
                {
                    failure = new(SdpParseError.TooManyMedia, lineNumber);
                    return false;
                }

                current = new List<SdpLine>(32);
                media.Add(new SdpMedia(current));
            }

            var error = SdpLineValidator.Validate(line, mediaLevel: !ReferenceEquals(current, sessionLines));
            if (error == SdpParseError.None && lineNumber > 1 && type is 'v' or 'o' or 's' && ReferenceEquals(current, sessionLines)
                && sessionLines.Exists(l => l.Type == type))
            {
                error = SdpParseError.LineOutOfPlace;
            }

            if (error != SdpParseError.None)
            {
                failure = new(error, lineNumber);
                return false;
            }

            current.Add(line);
        }

        if (!CheckStructure(sessionLines, media, out failure))
        {
            return false;
        }

        session = new SdpSession(sessionLines, media, trailer);
        failure = default;
        return true;
    }

    private static bool CheckStructure(List<SdpLine> sessionLines, List<SdpMedia> media, out SdpParseFailure failure)
    {
        if (!sessionLines.Exists(l => l.Type == 'o'))
        {
            failure = new(SdpParseError.MissingOrigin, 0);
            return false;
        }

        if (!sessionLines.Exists(l => l.Type == 's'))
        {
            failure = new(SdpParseError.MissingSessionName, 0);
            return false;
        }

        // RFC 8866 §5.7: c= in the session or in every media section. A stream that is not in
        // use (port 0: rejected, or bundle-only) needs none.
        var lineNumber = sessionLines.Count;
        var sessionHasConnection = sessionLines.Exists(l => l.Type == 'c');
        foreach (var section in media)
        {
            lineNumber++;
            if (!sessionHasConnection && section.IndexOfLine('c') < 0 && !HasPortZero(section.Lines[0].Value))
            {
                failure = new(SdpParseError.MissingConnection, lineNumber);
                return false;
            }

            lineNumber += section.Lines.Count - 1;
        }

        failure = default;
        return true;
    }

    /// <summary>The m= line (already validated) has port 0, read without building the typed line.</summary>
    private static bool HasPortZero(string mediaLineValue)
    {
        var tokens = new SdpTokenizer(mediaLineValue);
        return tokens.TryNext(out _) && tokens.TryNext(out var port) && (port is "0" || port.StartsWith("0/"));
    }
}
