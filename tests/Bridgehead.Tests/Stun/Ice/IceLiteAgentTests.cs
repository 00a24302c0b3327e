using System.Net;
using Bridgehead.Stun;
using Bridgehead.Stun.Ice;

namespace Bridgehead.Tests.Stun.Ice;

public sealed class IceLiteAgentTests
{
    public const string LocalPassword = "relaypasswordrelaypass0";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("203.0.113.7"), 50123);
    private static readonly IPEndPoint BrowserOtherPath = new(IPAddress.Parse("198.51.100.20"), 61000);

    private readonly byte[] _response = new byte[256];

    [Fact]
    public void Process_ValidCheck_AnswersWithXorMappedAddressIntegrityAndFingerprint()
    {
        using var agent = NewAgent();
        var check = new IceCheckBuilder().Build();

        var result = agent.Process(check, Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        Assert.Equal(IceCheckError.None, result.Error);
        using var key = StunIntegrityKey.ForShortTermPassword(LocalPassword);
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer, out _));
        Assert.Equal(StunClass.SuccessResponse, answer.Class);
        Assert.Equal(StunMethod.Binding, answer.Method);
        Assert.Equal(Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabac"), answer.TransactionId.ToArray());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser, mapped);
        Assert.True(answer.VerifyMessageIntegrity(key));
        Assert.True(answer.VerifyFingerprint());
        Assert.Equal(1, agent.ChecksAnswered);
    }

    [Fact]
    public void Process_FirstCheckFromAddress_AddsPairWithControlledPairPriority()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Priority = 1000 }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteEvents.PairAdded, result.Events);
        var pair = Assert.Single(agent.CandidatePairs);
        Assert.Same(pair, result.Pair);
        Assert.Equal(Browser, pair.RemoteEndPoint);
        Assert.Equal(1000u, pair.RemotePriority);
        Assert.Equal(IceCandidatePriority.ComputePair(1000, IceCandidatePriority.DefaultHost), pair.Priority);
        Assert.False(pair.IsNominated);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public void Process_RepeatedCheck_UpdatesSamePair()
    {
        using var agent = NewAgent();
        agent.Process(new IceCheckBuilder().Build(), Browser, Start, _response);
        var result = agent.Process(new IceCheckBuilder().Build(), Browser, Start.AddSeconds(2), _response);

        Assert.Equal(IceLiteEvents.None, result.Events);
        var pair = Assert.Single(agent.CandidatePairs);
        Assert.Equal(2, pair.ChecksReceived);
        Assert.Equal(Start, pair.FirstCheckAt);
        Assert.Equal(Start.AddSeconds(2), pair.LastCheckAt);
    }

    [Fact]
    public void Process_UseCandidateFromControllingPeer_NominatesAndSelectsPair()
    {
        using var agent = NewAgent();
        agent.Process(new IceCheckBuilder().Build(), Browser, Start, _response);
        var result = agent.Process(new IceCheckBuilder { UseCandidate = true }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteEvents.PairNominated | IceLiteEvents.SelectedPairChanged, result.Events);
        Assert.Same(agent.CandidatePairs[0], agent.SelectedPair);
        Assert.True(agent.SelectedPair!.IsNominated);
    }

    [Fact]
    public void Process_TwoNominatedPairs_HighestPriorityIsSelected()
    {
        using var agent = NewAgent();
        agent.Process(new IceCheckBuilder { UseCandidate = true, Priority = 1000 }.Build(), Browser, Start, _response);
        var higher = agent.Process(new IceCheckBuilder { UseCandidate = true, Priority = 5000 }.Build(), BrowserOtherPath, Start, _response);

        Assert.True(higher.Events.HasFlag(IceLiteEvents.SelectedPairChanged));
        Assert.Equal(BrowserOtherPath, agent.SelectedPair!.RemoteEndPoint);

        // A later nomination of the lower-priority pair does not move media back.
        var again = agent.Process(new IceCheckBuilder { UseCandidate = true, Priority = 1000 }.Build(), Browser, Start, _response);
        Assert.False(again.Events.HasFlag(IceLiteEvents.SelectedPairChanged));
        Assert.Equal(BrowserOtherPath, agent.SelectedPair!.RemoteEndPoint);
    }

    [Fact]
    public void Process_UseCandidateWhileControlling_IsIgnored()
    {
        using var agent = NewAgent(role: IceRole.Controlling);
        var result = agent.Process(
            new IceCheckBuilder { UseCandidate = true, IceControlling = null, IceControlled = 1 }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        Assert.False(agent.CandidatePairs[0].IsNominated);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public void Process_MissingUsername_Rejects400WithoutIntegrity()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Username = "" }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.MissingCredentials, 400, authenticated: false);
    }

    [Fact]
    public void Process_MissingMessageIntegrity_Rejects400()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Integrity = false }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.MissingCredentials, 400, authenticated: false);
    }

    [Theory]
    [InlineData("other:peer")]
    [InlineData("relay")]
    [InlineData("relay:")]
    [InlineData("relayx:peer")]
    public void Process_UsernameNotOurUfrag_Rejects401(string username)
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Username = username }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.UnknownUsername, 401, authenticated: false);
        Assert.Empty(agent.CandidatePairs);
    }

    [Fact]
    public void Process_RemoteUfragKnownAndDifferent_Rejects401()
    {
        using var agent = NewAgent();
        agent.SetRemoteUfrag("peer2");
        var result = agent.Process(new IceCheckBuilder().Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.UnknownUsername, 401, authenticated: false);

        var matching = agent.Process(new IceCheckBuilder { Username = "relay:peer2" }.Build(), Browser, Start, _response);
        Assert.Equal(IceLiteOutcome.Answered, matching.Outcome);
    }

    [Fact]
    public void Process_WrongPassword_Rejects401WithoutIntegrityAndRecordsNoPair()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Password = "not-the-relay-password" }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.BadMessageIntegrity, 401, authenticated: false);
        Assert.Empty(agent.CandidatePairs);
    }

    [Fact]
    public void Process_UnknownComprehensionRequiredAttribute_Rejects420ListingIt()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { ExtraAttribute = 0x7F01 }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.UnknownRequiredAttribute, 420, authenticated: true);

        Assert.True(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer, out _));
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.Equal(1, answer.GetUnknownAttributes(unknown));
        Assert.Equal(0x7F01, unknown[0]);
    }

    [Fact]
    public void Process_UnknownComprehensionOptionalAttribute_IsAnswered()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { ExtraAttribute = 0xC057 }.Build(), Browser, Start, _response);
        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
    }

    [Fact]
    public void Process_MissingPriority_Rejects400WithIntegrity()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Priority = null }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.MissingPriority, 400, authenticated: true);
    }

    [Fact]
    public void Process_ControlledAgentGetsIceControlledWithLargerTieBreaker_Rejects487AndKeepsRole()
    {
        using var agent = NewAgent(tieBreaker: 100);
        var result = agent.Process(new IceCheckBuilder { IceControlling = null, IceControlled = 101 }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.RoleConflict, 487, authenticated: true);
        Assert.Equal(IceRole.Controlled, agent.Role);
        Assert.Empty(agent.CandidatePairs);
    }

    [Theory]
    [InlineData(100UL)]
    [InlineData(99UL)]
    public void Process_ControlledAgentGetsIceControlledWithSmallerOrEqualTieBreaker_SwitchesToControlling(ulong theirs)
    {
        using var agent = NewAgent(tieBreaker: 100);
        var result = agent.Process(new IceCheckBuilder { IceControlling = null, IceControlled = theirs, Priority = 1000 }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        Assert.True(result.Events.HasFlag(IceLiteEvents.RoleChanged));
        Assert.Equal(IceRole.Controlling, agent.Role);
        Assert.Equal(IceCandidatePriority.ComputePair(IceCandidatePriority.DefaultHost, 1000), agent.CandidatePairs[0].Priority);
    }

    [Theory]
    [InlineData(100UL)]
    [InlineData(99UL)]
    public void Process_ControllingAgentGetsIceControllingWithSmallerOrEqualTieBreaker_Rejects487(ulong theirs)
    {
        using var agent = NewAgent(role: IceRole.Controlling, tieBreaker: 100);
        var result = agent.Process(new IceCheckBuilder { IceControlling = theirs }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.RoleConflict, 487, authenticated: true);
        Assert.Equal(IceRole.Controlling, agent.Role);
    }

    [Fact]
    public void Process_ControllingAgentGetsIceControllingWithLargerTieBreaker_SwitchesToControlledAndHonoursNomination()
    {
        using var agent = NewAgent(role: IceRole.Controlling, tieBreaker: 100);
        var result = agent.Process(new IceCheckBuilder { IceControlling = 101, UseCandidate = true }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        Assert.Equal(IceRole.Controlled, agent.Role);
        Assert.Equal(
            IceLiteEvents.RoleChanged | IceLiteEvents.PairAdded | IceLiteEvents.PairNominated | IceLiteEvents.SelectedPairChanged,
            result.Events);
    }

    [Fact]
    public void Process_NotStun_IsDroppedAndCounted()
    {
        using var agent = NewAgent();
        var result = agent.Process([0x80, 0x00, 0x01, 0x02], Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Dropped, result.Outcome);
        Assert.Equal(IceCheckError.Malformed, result.Error);
        Assert.Equal(0, result.ResponseLength);
        Assert.Equal(1, agent.GetErrorCount(IceCheckError.Malformed));
    }

    [Fact]
    public void Process_BadFingerprint_IsDroppedAndCounted()
    {
        using var agent = NewAgent();
        var check = new IceCheckBuilder().Build();
        check[^1] ^= 1;
        var result = agent.Process(check, Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Dropped, result.Outcome);
        Assert.Equal(1, agent.GetErrorCount(IceCheckError.BadFingerprint));
    }

    [Fact]
    public void Process_WithoutFingerprint_IsStillAnswered()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Fingerprint = false }.Build(), Browser, Start, _response);
        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
    }

    [Theory]
    [InlineData(StunClass.SuccessResponse)]
    [InlineData(StunClass.ErrorResponse)]
    public void Process_Response_IsDroppedAsUnexpected(StunClass responseClass)
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Class = responseClass }.Build(), Browser, Start, _response);
        Assert.Equal(IceLiteOutcome.Dropped, result.Outcome);
        Assert.Equal(1, agent.GetErrorCount(IceCheckError.UnexpectedResponse));
    }

    [Fact]
    public void Process_BindingIndication_IsCountedAsKeepalive()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Class = StunClass.Indication }.Build(), Browser, Start, _response);
        Assert.Equal(IceLiteOutcome.Indication, result.Outcome);
        Assert.Equal(1, agent.IndicationsReceived);
        Assert.Empty(agent.CandidatePairs);
    }

    [Fact]
    public void Process_AllocateRequest_Rejects400()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Method = StunMethod.Allocate }.Build(), Browser, Start, _response);
        AssertRejected(agent, result, IceCheckError.UnsupportedMethod, 400, authenticated: false);
    }

    [Fact]
    public void Process_MorePairsThanAllowed_DropsNewAddress()
    {
        using var agent = NewAgent(maxPairs: 1);
        agent.Process(new IceCheckBuilder().Build(), Browser, Start, _response);
        var result = agent.Process(new IceCheckBuilder().Build(), BrowserOtherPath, Start, _response);

        Assert.Equal(IceLiteOutcome.Dropped, result.Outcome);
        Assert.Equal(IceCheckError.TooManyCandidatePairs, result.Error);
        Assert.Single(agent.CandidatePairs);
    }

    [Fact]
    public void Process_ResponseBufferTooSmall_DropsWithoutChangingState()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { UseCandidate = true }.Build(), Browser, Start, new byte[40]);

        Assert.Equal(IceLiteOutcome.Dropped, result.Outcome);
        Assert.Equal(IceCheckError.ResponseBufferTooSmall, result.Error);
        Assert.Empty(agent.CandidatePairs);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public void Process_MessageIntegritySha256Check_IsAnsweredWithSha256()
    {
        using var agent = NewAgent();
        var result = agent.Process(new IceCheckBuilder { Integrity = false, IntegritySha256 = true }.Build(), Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        using var key = StunIntegrityKey.ForShortTermPassword(LocalPassword);
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer, out _));
        Assert.False(answer.HasMessageIntegrity);
        Assert.True(answer.VerifyMessageIntegritySha256(key));
    }

    [Fact]
    public void Process_IPv6Source_IsReflectedAsIPv6()
    {
        using var agent = NewAgent();
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::42"), 40000);
        var result = agent.Process(new IceCheckBuilder().Build(), source, Start, _response);

        Assert.True(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer, out _));
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(source, mapped);
    }

    [Fact]
    public void HasConsent_ExpiresThirtySecondsAfterLastCheck()
    {
        using var agent = NewAgent();
        Assert.False(agent.HasConsent(Start));
        agent.Process(new IceCheckBuilder { UseCandidate = true }.Build(), Browser, Start, _response);

        Assert.True(agent.HasConsent(Start.AddSeconds(29)));
        Assert.False(agent.HasConsent(Start.AddSeconds(30)));

        agent.Process(new IceCheckBuilder().Build(), Browser, Start.AddSeconds(25), _response);
        Assert.True(agent.HasConsent(Start.AddSeconds(50)));
    }

    [Fact]
    public void Process_Rfc5769SampleRequest_IsAnsweredByControllingAgentWithItsCredentials()
    {
        // RFC 5769 §2.1 is a check from a controlled agent to "evtj" signed with its password.
        using var agent = new IceLiteAgent(new IceLiteConfig
        {
            LocalUfrag = "evtj",
            LocalPassword = StunVectors.ShortTermPassword,
            RemoteUfrag = "h6vY",
            TieBreaker = 1,
            Role = IceRole.Controlling,
        });
        var result = agent.Process(StunVectors.Read("rfc5769/sample-request.bin"), Browser, Start, _response);

        Assert.Equal(IceLiteOutcome.Answered, result.Outcome);
        Assert.Equal(0x6e0001ffu, agent.CandidatePairs[0].RemotePriority);
    }

    [Fact]
    public void Process_KnownPair_AllocatesNothing()
    {
        using var agent = NewAgent();
        var check = new IceCheckBuilder { UseCandidate = true }.Build();
        agent.Process(check, Browser, Start, _response);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            agent.Process(check, Browser, Start, _response);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static IceLiteAgent NewAgent(IceRole role = IceRole.Controlled, ulong tieBreaker = 0x42, int maxPairs = 8) =>
        new(new IceLiteConfig
        {
            LocalUfrag = "relay",
            LocalPassword = LocalPassword,
            TieBreaker = tieBreaker,
            Role = role,
            MaxCandidatePairs = maxPairs,
        });

    private void AssertRejected(IceLiteAgent agent, IceLiteResult result, IceCheckError error, int code, bool authenticated)
    {
        Assert.Equal(IceLiteOutcome.Rejected, result.Outcome);
        Assert.Equal(error, result.Error);
        Assert.Equal(1, agent.GetErrorCount(error));
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer, out _));
        Assert.Equal(StunClass.ErrorResponse, answer.Class);
        Assert.True(answer.TryGetErrorCode(out var actual, out _));
        Assert.Equal(code, actual);
        Assert.True(answer.VerifyFingerprint());
        Assert.Equal(authenticated, answer.HasMessageIntegrity);
        if (authenticated)
        {
            using var key = StunIntegrityKey.ForShortTermPassword(LocalPassword);
            Assert.True(answer.VerifyMessageIntegrity(key));
        }
    }
}
