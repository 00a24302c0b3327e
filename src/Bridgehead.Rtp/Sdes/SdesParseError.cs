namespace Bridgehead.Rtp.Sdes;

/// <summary>Why an SDES key-params string was refused (RFC 4568 §6.1, §9.2).</summary>
public enum SdesParseError
{
    None = 0,

    /// <summary>The key method is not "inline:".</summary>
    NotInline,

    /// <summary>The key-salt is not valid base64.</summary>
    BadBase64,

    /// <summary>The key-salt does not decode to the suite's master key plus master salt.</summary>
    WrongKeyLength,

    /// <summary>The lifetime is neither a decimal number nor "2^" and an exponent below 64.</summary>
    BadLifetime,

    /// <summary>The MKI is not "value:length" with a length of 1 to 128 bytes holding the value.</summary>
    BadMki,

    /// <summary>More "|"-separated fields than key-salt, lifetime and MKI.</summary>
    TooManyFields,
}
