namespace Bridgehead.Codecs.Opus;

/// <summary>Facts of the Opus packet format (RFC 6716 §3.1) read without decoding.</summary>
public static class OpusFrames
{
    public static bool IsValidRate(int sampleRate) => sampleRate is 8000 or 12000 or 16000 or 24000 or 48000;

    /// <summary>2.5, 5, 10, 20, 40 or 60 ms at this rate.</summary>
    public static bool IsValidFrame(int samplesPerChannel, int sampleRate)
    {
        if (!IsValidRate(sampleRate) || samplesPerChannel <= 0)
        {
            return false;
        }

        // In units of 2.5 ms: 1, 2, 4, 8, 16 or 24.
        var unit = sampleRate / 400;
        return samplesPerChannel % unit == 0 && (samplesPerChannel / unit) is 1 or 2 or 4 or 8 or 16 or 24;
    }

    /// <summary>
    /// Samples per channel the packet holds at <paramref name="sampleRate"/>, from its TOC octet
    /// and frame count (RFC 6716 §3.1–3.2); -1 for an empty or malformed packet or one longer
    /// than 120 ms (§3.2.5).
    /// </summary>
    public static int GetSampleCount(ReadOnlySpan<byte> packet, int sampleRate)
    {
        if (packet.IsEmpty || !IsValidRate(sampleRate))
        {
            return -1;
        }

        var toc = packet[0];
        int frames;
        switch (toc & 0x03)
        {
            case 0:
                frames = 1;
                break;
            case 1 or 2:
                frames = 2;
                break;
            default:
                if (packet.Length < 2)
                {
                    return -1;
                }

                frames = packet[1] & 0x3F;
                if (frames == 0)
                {
                    return -1;
                }

                break;
        }

        var perFrame = SamplesPerFrame(toc, sampleRate);
        var total = frames * perFrame;
        return total * 25 > sampleRate * 3 ? -1 : total; // more than 120 ms
    }

    /// <summary>Samples per channel of one frame, from the configuration number in the TOC (RFC 6716 §3.1, Table 2).</summary>
    private static int SamplesPerFrame(byte toc, int sampleRate)
    {
        var config = toc >> 3;
        int tenthsOfMs;
        if (config < 12)
        {
            // SILK-only: 10, 20, 40, 60 ms.
            tenthsOfMs = (config & 3) switch { 0 => 100, 1 => 200, 2 => 400, _ => 600 };
        }
        else if (config < 16)
        {
            // Hybrid: 10, 20 ms.
            tenthsOfMs = (config & 1) == 0 ? 100 : 200;
        }
        else
        {
            // CELT-only: 2.5, 5, 10, 20 ms.
            tenthsOfMs = (config & 3) switch { 0 => 25, 1 => 50, 2 => 100, _ => 200 };
        }

        return sampleRate * tenthsOfMs / 10000;
    }
}
