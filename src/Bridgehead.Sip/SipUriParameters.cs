namespace Bridgehead.Sip;

/// <summary>
/// uri-parameters = *( ";" uri-parameter ), uri-parameter = pname [ "=" pvalue ] with paramchar
/// characters and no white space (RFC 3261 §25.1). Names compare case-insensitively.
/// </summary>
public static class SipUriParameters
{
    public static bool IsValid(ReadOnlySpan<byte> parameters)
    {
        var p = 0;
        while (p < parameters.Length)
        {
            if (parameters[p] != ';')
            {
                return false;
            }

            p++;
            var end = parameters[p..].IndexOf((byte)';');
            var param = end < 0 ? parameters[p..] : parameters.Slice(p, end);
            var eq = param.IndexOf((byte)'=');
            var name = eq < 0 ? param : param[..eq];
            if (name.IsEmpty || name.ContainsAnyExcept(SipText.ParamChar) || !UriEscaping.IsWellFormed(name))
            {
                return false;
            }

            if (eq >= 0)
            {
                var value = param[(eq + 1)..];
                if (value.IsEmpty || value.ContainsAnyExcept(SipText.ParamChar) || !UriEscaping.IsWellFormed(value))
                {
                    return false;
                }
            }

            p += param.Length;
        }

        return true;
    }

    public static bool TryGet(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name, out Range value)
    {
        var p = 0;
        while (p < parameters.Length)
        {
            if (parameters[p] != ';')
            {
                break;
            }

            p++;
            var end = parameters[p..].IndexOf((byte)';');
            var length = end < 0 ? parameters.Length - p : end;
            var param = parameters.Slice(p, length);
            var eq = param.IndexOf((byte)'=');
            var paramName = eq < 0 ? param : param[..eq];
            if (System.Text.Ascii.EqualsIgnoreCase(paramName, name))
            {
                value = eq < 0 ? (p + length)..(p + length) : (p + eq + 1)..(p + length);
                return true;
            }

            p += length;
        }

        value = default;
        return false;
    }
}
