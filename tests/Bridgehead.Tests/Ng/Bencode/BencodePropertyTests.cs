using Bridgehead.Ng.Bencode;
using CsCheck;

namespace Bridgehead.Tests.Ng.Bencode;

/// <summary>Whatever is written reads back to the same bytes; no input makes the reader throw.</summary>
public sealed class BencodePropertyTests
{
    private static readonly Gen<BencodeValue> Value = Gen.Recursive<BencodeValue>((depth, self) =>
    {
        Gen<BencodeValue> scalar = Gen.OneOf(
            Gen.Long.Select(n => (BencodeValue)new BencodeInteger(n)),
            Gen.Byte.Array[0, 40].Select(b => (BencodeValue)new BencodeString(b)));
        if (depth > 4)
        {
            return scalar;
        }

        return Gen.Frequency(
            (4, scalar),
            (1, self.Array[0, 5].Select(items => (BencodeValue)new BencodeList(items))),
            (1, Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 8], self).Array[0, 6].Select(entries =>
            {
                var dictionary = new BencodeDictionary();
                foreach (var (key, item) in entries)
                {
                    dictionary.Set(new BencodeString(key), item);
                }

                return (BencodeValue)dictionary;
            })));
    });

    [Fact]
    public void ReadOfWrite_RandomValues_GivesTheSameBytes()
    {
        Value.Sample(value =>
        {
            var bytes = BencodeWriter.ToBytes(value);
            Assert.True(BencodeReader.TryRead(bytes, out var read, out var failure, maxDepth: 64), failure.ToString());
            Assert.Equal(bytes, BencodeWriter.ToBytes(read));
        }, iter: 5000);
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (BencodeReader.TryRead(bytes, out var value, out _))
            {
                // Anything accepted is canonical except for key order, which writing restores.
                Assert.True(BencodeReader.TryRead(BencodeWriter.ToBytes(value), out _, out _));
            }
        }, iter: 50000);
    }

    [Fact]
    public void TryRead_RandomBencodeAlphabet_NeverThrows()
    {
        Gen.String[Gen.Char["dlie0123456789:-x"], 0, 80].Sample(text =>
        {
            _ = BencodeReader.TryRead(System.Text.Encoding.ASCII.GetBytes(text), out _, out _);
        }, iter: 50000);
    }
}
