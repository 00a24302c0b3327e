using Bridgehead.Tests.Architecture;

namespace Bridgehead.Tests.Ng;

/// <summary>Datagrams captured from rtpengine 10.5 (see Ng/Samples/README.md).</summary>
internal static class NgSamples
{
    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(LayeringTests.RepositoryRoot(), "tests", "Bridgehead.Tests", "Ng", "Samples", name));

    /// <summary>The bencoded part of a captured datagram (after "cookie ").</summary>
    public static byte[] Body(string name)
    {
        var datagram = Read(name);
        return datagram[(Array.IndexOf(datagram, (byte)' ') + 1)..];
    }
}
