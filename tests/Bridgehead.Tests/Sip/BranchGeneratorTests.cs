using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class BranchGeneratorTests
{
    private static string Branch(BranchGenerator generator, ulong loopHash)
    {
        Span<byte> buffer = stackalloc byte[BranchGenerator.MaxLength];
        var n = generator.Write(buffer, loopHash);
        return Text(buffer[..n]);
    }

    [Fact]
    public void Write_ManyBranches_AreUniqueAndCarryTheCookie()
    {
        var generator = new BranchGenerator(0xdeadbeef);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var branch = Branch(generator, 42);
            Assert.StartsWith("z9hG4bK", branch, StringComparison.Ordinal);
            Assert.True(SipText.IsToken(Bytes(branch)), branch);
            Assert.True(seen.Add(branch), branch);
        }
    }

    [Fact]
    public void Write_TwoInstances_NeverCollide()
    {
        var a = new BranchGenerator(1);
        var b = new BranchGenerator(2);
        var fromA = Enumerable.Range(0, 1000).Select(_ => Branch(a, 7)).ToHashSet(StringComparer.Ordinal);

        Assert.All(Enumerable.Range(0, 1000).Select(_ => Branch(b, 7)), branch => Assert.DoesNotContain(branch, fromA));
    }

    [Fact]
    public void Write_FromManyThreads_GivesUniqueBranches()
    {
        var generator = new BranchGenerator(5);
        var all = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 2000; i++)
            {
                all.Add(Branch(generator, 1));
            }
        });

        Assert.Equal(8000, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(0x0123456789abcdefUL)]
    [InlineData(ulong.MaxValue)]
    public void TryReadLoopHash_OwnBranch_RoundTrips(ulong hash)
    {
        var generator = new BranchGenerator(uint.MaxValue);
        var branch = Bytes(Branch(generator, hash));

        Assert.True(branch.Length <= BranchGenerator.MaxLength);
        Assert.True(BranchGenerator.TryReadLoopHash(branch, out var read));
        Assert.Equal(hash, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("z9hG4bK776asdhds")]
    [InlineData("z9hG4bK0123456789abcdef")]
    [InlineData("z9hG4bK0123456789abcdef.")]
    [InlineData("z9hG4bK0123456789abcdeg.00000001")]
    [InlineData("z9hG4bK0123456789abcde-.00000001")]
    [InlineData("x9hG4bK0123456789abcdef.00000001")]
    [InlineData("390skdjuw")]
    public void TryReadLoopHash_ForeignBranch_IsFalse(string branch) =>
        Assert.False(BranchGenerator.TryReadLoopHash(Bytes(branch), out _));

    [Fact]
    public void LoopHash_SameRequest_IsStable()
    {
        Assert.Equal(BranchGenerator.LoopHash(Valid(Invite)), BranchGenerator.LoopHash(Valid(Invite)));
    }

    [Theory]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0", "INVITE sip:bob@192.0.2.4 SIP/2.0")]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "Call-ID: other@pc33.atlanta.example.com")]
    [InlineData(";tag=1928301774", ";tag=1928301775")]
    [InlineData("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=x")]
    [InlineData("CSeq: 314159 INVITE", "CSeq: 314160 INVITE")]
    public void LoopHash_IdentifyingFieldChanged_Differs(string original, string changed)
    {
        var before = BranchGenerator.LoopHash(Valid(Invite));
        var after = BranchGenerator.LoopHash(Valid(Invite.Replace(original, changed, StringComparison.Ordinal)));

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void LoopHash_OtherHeadersChanged_IsTheSame()
    {
        var before = BranchGenerator.LoopHash(Valid(Invite));
        var after = BranchGenerator.LoopHash(Valid(Invite.Replace("Max-Forwards: 70", "Max-Forwards: 69", StringComparison.Ordinal)));

        Assert.Equal(before, after);
    }

    [Fact]
    public void LoopHash_FieldBoundariesShifted_Differs()
    {
        var a = Valid(Invite.Replace(";tag=1928301774", ";tag=ab", StringComparison.Ordinal).Replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=c", StringComparison.Ordinal));
        var b = Valid(Invite.Replace(";tag=1928301774", ";tag=a", StringComparison.Ordinal).Replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=bc", StringComparison.Ordinal));

        Assert.NotEqual(BranchGenerator.LoopHash(a), BranchGenerator.LoopHash(b));
    }
}
