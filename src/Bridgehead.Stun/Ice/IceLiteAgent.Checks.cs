using System.Net;

namespace Bridgehead.Stun.Ice;

// The server side of a connectivity check, in the order RFC 8489 §6.3 and RFC 8445 §7.3 give:
// structure, fingerprint, class and method, credentials, integrity, unknown attributes, ICE
// attributes, role conflict, then the answer and the pair bookkeeping.
public sealed partial class IceLiteAgent
{
    /// <summary>
    /// Handles one datagram the demultiplexer classified as STUN.
    /// </summary>
    /// <param name="datagram">The received bytes.</param>
    /// <param name="source">Where it came from; the success answer reflects it in XOR-MAPPED-ADDRESS.</param>
    /// <param name="now">The receive time, for consent freshness.</param>
    /// <param name="response">Where the answer is written; 256 bytes hold every answer this agent writes
    /// unless <see cref="IceLiteConfig.Software"/> is long.</param>
    public IceLiteResult Process(ReadOnlySpan<byte> datagram, IPEndPoint source, DateTimeOffset now, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!StunMessage.TryParse(datagram, out var request, out _))
        {
            return Drop(IceCheckError.Malformed);
        }

        if (request.HasFingerprint && !request.VerifyFingerprint())
        {
            return Drop(IceCheckError.BadFingerprint);
        }

        switch (request.Class)
        {
            case StunClass.Indication when request.Method == StunMethod.Binding:
                IndicationsReceived++;
                return new IceLiteResult(IceLiteOutcome.Indication, IceCheckError.None, 0, IceLiteEvents.None, null);
            case StunClass.Indication:
                return Drop(IceCheckError.UnsupportedIndication);
            case StunClass.SuccessResponse or StunClass.ErrorResponse:
                return Drop(IceCheckError.UnexpectedResponse);
        }

        if (request.Method != StunMethod.Binding)
        {
            return Reject(request, IceCheckError.UnsupportedMethod, StunErrorCode.BadRequest, authenticated: false, [], response);
        }

        var useSha256 = request.HasMessageIntegritySha256;
        if (!request.TryGetUsername(out var username) || !(useSha256 || request.HasMessageIntegrity))
        {
            return Reject(request, IceCheckError.MissingCredentials, StunErrorCode.BadRequest, authenticated: false, [], response);
        }

        if (!UsernameMatches(username))
        {
            return Reject(request, IceCheckError.UnknownUsername, StunErrorCode.Unauthorized, authenticated: false, [], response);
        }

        // RFC 8489 §9.1.3: when both are present the SHA-256 one is checked; the answer uses the same.
        if (!(useSha256 ? request.VerifyMessageIntegritySha256(_key) : request.VerifyMessageIntegrity(_key)))
        {
            return Reject(request, IceCheckError.BadMessageIntegrity, StunErrorCode.Unauthorized, authenticated: false, [], response);
        }

        Span<ushort> unknown = stackalloc ushort[8];
        var unknownCount = 0;
        foreach (var attribute in request.ConsideredAttributes)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type) && !IsKnownRequired(attribute.Type)
                && unknownCount < unknown.Length && !unknown.Slice(0, unknownCount).Contains(attribute.Type))
            {
                unknown[unknownCount++] = attribute.Type;
            }
        }

        if (unknownCount > 0)
        {
            return Reject(request, IceCheckError.UnknownRequiredAttribute, StunErrorCode.UnknownAttribute, authenticated: true, unknown.Slice(0, unknownCount), response);
        }

        if (!request.TryGetPriority(out var remotePriority))
        {
            return Reject(request, IceCheckError.MissingPriority, StunErrorCode.BadRequest, authenticated: true, [], response);
        }

        var role = ResolveRole(request, out var conflict);
        if (conflict)
        {
            return Reject(request, IceCheckError.RoleConflict, StunErrorCode.RoleConflict, authenticated: true, [], response);
        }

        var pair = FindPair(source);
        if (pair is null && _pairs.Count >= _config.MaxCandidatePairs)
        {
            return Drop(IceCheckError.TooManyCandidatePairs);
        }

        var length = WriteSuccess(request, source, useSha256, response);
        if (length == 0)
        {
            return Drop(IceCheckError.ResponseBufferTooSmall);
        }

        // The answer is written: only now does the check change state.
        var events = IceLiteEvents.None;
        if (role != Role)
        {
            Role = role;
            events |= IceLiteEvents.RoleChanged;
            foreach (var existing in _pairs)
            {
                existing.Priority = PairPriority(existing.RemotePriority);
            }
        }

        if (pair is null)
        {
            pair = new IceCandidatePair(new IPEndPoint(source.Address, source.Port), now);
            _pairs.Add(pair);
            events |= IceLiteEvents.PairAdded;
        }

        pair.RemotePriority = remotePriority;
        pair.Priority = PairPriority(remotePriority);
        pair.LastCheckAt = now;
        pair.ChecksReceived++;

        // RFC 8445 §7.3.1.5: only the controlled agent acts on USE-CANDIDATE. A lite agent has no
        // check of its own to wait for: the request succeeding is the pair succeeding.
        if (Role == IceRole.Controlled && request.HasUseCandidate && !pair.IsNominated)
        {
            pair.IsNominated = true;
            events |= IceLiteEvents.PairNominated;
        }

        if (SelectBest() is var best && !ReferenceEquals(best, SelectedPair))
        {
            SelectedPair = best;
            events |= IceLiteEvents.SelectedPairChanged;
        }

        ChecksAnswered++;
        return new IceLiteResult(IceLiteOutcome.Answered, IceCheckError.None, length, events, pair);
    }

    // RFC 8445 §7.3.1.1. The larger tie-breaker wins the controlling role; on a tie the agent that
    // received the request keeps controlling / takes it.
    private IceRole ResolveRole(StunMessage request, out bool conflict)
    {
        conflict = false;
        if (Role == IceRole.Controlling && request.TryGetIceControlling(out var theirs))
        {
            if (_config.TieBreaker >= theirs)
            {
                conflict = true;
                return Role;
            }

            return IceRole.Controlled;
        }

        if (Role == IceRole.Controlled && request.TryGetIceControlled(out theirs))
        {
            if (_config.TieBreaker >= theirs)
            {
                return IceRole.Controlling;
            }

            conflict = true;
        }

        return Role;
    }

    // The nominated pair of highest priority; the current one stays on a tie so media does not flap.
    private IceCandidatePair? SelectBest()
    {
        var best = SelectedPair is { IsNominated: true } current ? current : null;
        foreach (var pair in _pairs)
        {
            if (pair.IsNominated && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }

        return best;
    }

    private int WriteSuccess(StunMessage request, IPEndPoint source, bool useSha256, Span<byte> response)
    {
        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(source);
        if (_config.Software is { } software)
        {
            writer.AddSoftware(software);
        }

        AddIntegrity(ref writer, useSha256);
        writer.AddFingerprint();
        return writer.Overflowed ? 0 : writer.Length;
    }

    // Error answers (RFC 8489 §6.3.4): ERROR-CODE, UNKNOWN-ATTRIBUTES for a 420, MESSAGE-INTEGRITY only
    // when the request authenticated (never on a 400/401, §9.1.3), FINGERPRINT always for ICE.
    private IceLiteResult Reject(
        StunMessage request, IceCheckError error, int code, bool authenticated, ReadOnlySpan<ushort> unknown, Span<byte> response)
    {
        _errorCounts[(int)error]++;
        var writer = new StunWriter(response, StunClass.ErrorResponse, request.Method, request.TransactionId);
        writer.AddErrorCode(code, StunErrorCode.GetReasonPhrase(code));
        if (!unknown.IsEmpty)
        {
            writer.AddUnknownAttributes(unknown);
        }

        if (_config.Software is { } software)
        {
            writer.AddSoftware(software);
        }

        if (authenticated)
        {
            AddIntegrity(ref writer, request.HasMessageIntegritySha256);
        }

        writer.AddFingerprint();
        return writer.Overflowed
            ? new IceLiteResult(IceLiteOutcome.Dropped, error, 0, IceLiteEvents.None, null)
            : new IceLiteResult(IceLiteOutcome.Rejected, error, writer.Length, IceLiteEvents.None, null);
    }

    private void AddIntegrity(ref StunWriter writer, bool useSha256)
    {
        if (useSha256)
        {
            writer.AddMessageIntegritySha256(_key);
        }
        else
        {
            writer.AddMessageIntegrity(_key);
        }
    }
}
