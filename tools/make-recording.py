#!/usr/bin/env python3
"""Makes src/Bridgehead.AppNode/Recordings/bridgehead-welcome.wav, the recording extension 9664
plays: a four-second chime melody synthesized here (no samples of anyone else's), 8 kHz 16-bit
mono so it goes out as G.711 without resampling. Deterministic: running it again gives the same
bytes. Needs only the Python standard library.

    python3 tools/make-recording.py
"""
import math
import os
import struct

RATE = 8000

# (start s, MIDI note, length s, level): an ascending chime, a short phrase, a closing chord.
NOTES = [
    (0.00, 72, 0.9, 0.50), (0.25, 76, 0.9, 0.45), (0.50, 79, 1.2, 0.45),
    (1.30, 77, 0.3, 0.40), (1.60, 76, 0.3, 0.40), (1.90, 74, 0.3, 0.40), (2.20, 72, 0.5, 0.45),
    (2.80, 67, 1.2, 0.30), (2.80, 72, 1.2, 0.30), (2.80, 76, 1.2, 0.30),
]
LENGTH = 4.2


def frequency(note):
    return 440.0 * 2 ** ((note - 69) / 12)


def bell(t, f):
    # A few inharmonic partials with their own decays: a soft bell, all below 3.4 kHz (G.711 band).
    partials = [(1.0, 1.0, 3.0), (2.0, 0.45, 4.5), (2.76, 0.25, 6.0), (4.07, 0.12, 8.0)]
    value = 0.0
    for ratio, gain, decay in partials:
        if f * ratio < 3400:
            value += gain * math.exp(-decay * t) * math.sin(2 * math.pi * f * ratio * t)
    attack = min(1.0, t / 0.005)
    return value * attack


def main():
    samples = [0.0] * int(LENGTH * RATE)
    for start, note, length, level in NOTES:
        f = frequency(note)
        first = int(start * RATE)
        for i in range(int(length * RATE)):
            if first + i < len(samples):
                t = i / RATE
                release = min(1.0, (length - t) / 0.05)
                samples[first + i] += level * bell(t, f) * release
    peak = max(abs(s) for s in samples)
    scale = 0.7 * 32767 / peak
    pcm = b"".join(struct.pack("<h", int(round(s * scale))) for s in samples)
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
    header += b"data" + struct.pack("<I", len(pcm))
    out = os.path.join(os.path.dirname(__file__), "..", "src", "Bridgehead.AppNode", "Recordings", "bridgehead-welcome.wav")
    with open(out, "wb") as f:
        f.write(header + pcm)
    print(f"{os.path.normpath(out)}: {len(samples) / RATE:.1f} s, {len(header) + len(pcm)} bytes")


if __name__ == "__main__":
    main()
