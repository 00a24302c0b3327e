using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// OpenSSL's SHA-1 block function, reached through its low-level SHA1_Update/SHA1_Transform on a
/// SHA_CTX this library fills itself. .NET exposes no SHA instructions, and OpenSSL picks SHA-NI
/// (or AVX2) code at load time; the EVP path that System.Security.Cryptography takes spends more
/// per call on dispatch than the four compressions of an SRTP tag cost (bench/…/Rtp).
/// Only whole blocks are passed, so OpenSSL's buffering and padding are never used and the chaining
/// value is read straight from the context: SHA_CTX has begun with h0..h4 as native 32-bit words
/// since OpenSSL 0.9 (openssl/sha.h, <c>SHAstate_st</c>), followed by Nl, Nh, data[16] and num.
/// </summary>
[SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code, which the solution disallows; these signatures are blittable.")]
[SuppressMessage("Security", "CA5392", Justification = "libcrypto is resolved by the dynamic loader, as System.Security.Cryptography does on Linux.")]
[SuppressMessage("Security", "CA5350", Justification = "RFC 3711 §4.2.1: SRTP's AES_CM_128_HMAC_SHA1 suites authenticate with HMAC-SHA1.")]
internal static class LibCryptoSha1
{
    /// <summary>sizeof(SHA_CTX): 5 + 2 + 16 + 1 words.</summary>
    public const int ContextLength = 96;

    private const string LibCrypto = "libcrypto.so.3";

    /// <summary>True when libcrypto 3 is loadable and exports the functions (Linux with OpenSSL 3).</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>A context whose chaining value is <paramref name="state"/> and whose buffer is empty.</summary>
    public static void Initialize(Span<byte> context, ReadOnlySpan<uint> state)
    {
        context.Slice(0, ContextLength).Clear();
        MemoryMarshal.Cast<uint, byte>(state.Slice(0, 5)).CopyTo(context);
    }

    /// <summary>Compresses <paramref name="blocks"/>, a whole number of 64-octet blocks, into the context.</summary>
    public static void Compress(Span<byte> context, ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length == 64)
        {
            SHA1_Transform(ref MemoryMarshal.GetReference(context), in MemoryMarshal.GetReference(blocks));
        }
        else if (blocks.Length > 0)
        {
            _ = SHA1_Update(ref MemoryMarshal.GetReference(context), in MemoryMarshal.GetReference(blocks), (nuint)blocks.Length);
        }
    }

    /// <summary>h0..h4 of the context.</summary>
    public static ReadOnlySpan<uint> State(ReadOnlySpan<byte> context) => MemoryMarshal.Cast<byte, uint>(context.Slice(0, 20));

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibCrypto, out var handle))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(handle, nameof(SHA1_Update), out _)
            && NativeLibrary.TryGetExport(handle, nameof(SHA1_Transform), out _);
    }

    // Both take a fraction of a microsecond for a voice packet (about 1 µs for 1,500 octets with
    // SHA-NI), never block and never call back, so the GC transition, a visible share of such
    // short calls, is skipped.
    [DllImport(LibCrypto, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int SHA1_Update(ref byte context, in byte data, nuint length);

    [DllImport(LibCrypto, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern void SHA1_Transform(ref byte context, in byte block);
}
