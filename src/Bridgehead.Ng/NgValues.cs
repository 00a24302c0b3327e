using System.Globalization;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// Reading typed values out of bencode the way the proxy modules write them: a list key may
/// come as a single string, a number as a string ("20"), and rtpengine itself writes some
/// numbers as strings ("uptime": "2").
/// </summary>
internal static class NgValues
{
    public static bool TryText(BencodeValue value, out string text)
    {
        if (value is BencodeString s)
        {
            text = s.Text;
            return true;
        }

        text = string.Empty;
        return false;
    }

    public static bool TryTextList(BencodeValue value, out IReadOnlyList<string> list)
    {
        switch (value)
        {
            case BencodeString s:
                list = [s.Text];
                return true;
            case BencodeList items:
                var result = new string[items.Count];
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is not BencodeString item)
                    {
                        list = [];
                        return false;
                    }

                    result[i] = item.Text;
                }

                list = result;
                return true;
            default:
                list = [];
                return false;
        }
    }

    public static bool TryInt64(BencodeValue value, out long number)
    {
        switch (value)
        {
            case BencodeInteger i:
                number = i.Value;
                return true;
            case BencodeString s when s.Bytes.Length is > 0 and <= 20:
                return long.TryParse(s.Bytes.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
            default:
                number = 0;
                return false;
        }
    }

    public static bool TryInt32(BencodeValue value, out int number)
    {
        number = 0;
        if (!TryInt64(value, out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        number = (int)wide;
        return true;
    }

    /// <summary>Words compare case-insensitively with space, hyphen and underscore alike.</summary>
    public static string Fold(string word) => word.ToLowerInvariant().Replace(' ', '-').Replace('_', '-');

    public static BencodeList Strings(IEnumerable<string> values) => BencodeList.OfStrings(values);
}
