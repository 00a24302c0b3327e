using Bridgehead.Ng;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Sessions;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay;

// delete (ng-protocol §3.4), and the sweeper that ends sessions nobody deleted.
public sealed partial class MediaRelay
{
    private const string NotFound = "Call-ID not found or tags didn't match";

    private long _lastSweepPackets;
    private long _lastSweepBytes;
    private long _lastSweepErrors;
    private long _lastSweepTimestamp;

    /// <summary>Packets, bytes and drops per second over the last sweep interval (statistics' current rates).</summary>
    internal (long Packets, long Bytes, long Errors) Rates { get; private set; }

    public NgReply Delete(NgDeleteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_sessions.TryGetValue(command.CallId, out var session))
        {
            return NotFoundReply(command);
        }

        NgCallStats? stats;
        lock (session.Lock)
        {
            if (session.Ended || (command.FromTag is { } fromTag && session.FindLeg(fromTag) is null && !HasPendingLeg(session)))
            {
                return NotFoundReply(command);
            }

            stats = command.HasFlag("fast") ? null : BuildStats(session);
            session.LastSignal = _time.GetUtcNow();
            session.LastSignalTimestamp = _time.GetTimestamp();
            if (command.DeleteDelay is > 0 and var delay)
            {
                // Kept a while for late retransmissions; media keeps flowing until then.
                session.DeleteAt = _time.GetTimestamp() + (delay * _time.TimestampFrequency);
                Log.DeleteDelayed(_logger, session.CallId, delay);
                return new NgDeleteReply(stats);
            }
        }

        EndSession(session, SessionEndReason.Deleted);
        return new NgDeleteReply(stats);
    }

    /// <summary>Ends sessions whose delete-delay is over or which saw no media and no signalling for MediaTimeout.</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        var timeout = (long)(_options.MediaTimeout.TotalSeconds * _time.TimestampFrequency);
        foreach (var session in _sessions.Values)
        {
            if (session.DeleteAt is { } at && now >= at)
            {
                EndSession(session, SessionEndReason.Deleted);
            }
            else if (now - session.LastActivity() > timeout)
            {
                EndSession(session, SessionEndReason.Timeout);
            }
        }

        var totals = Totals();
        var elapsed = _lastSweepTimestamp == 0 ? 0 : (double)(now - _lastSweepTimestamp) / _time.TimestampFrequency;
        if (elapsed > 0)
        {
            Rates = ((long)((totals.Packets - _lastSweepPackets) / elapsed), (long)((totals.Bytes - _lastSweepBytes) / elapsed), (long)((totals.Dropped - _lastSweepErrors) / elapsed));
        }

        (_lastSweepPackets, _lastSweepBytes, _lastSweepErrors, _lastSweepTimestamp) = (totals.Packets, totals.Bytes, totals.Dropped, now);
    }

    private static bool HasPendingLeg(MediaSession session) => session.Legs.Exists(l => l.Tag is null);

    private static NgReply NotFoundReply(NgDeleteCommand command) =>
        command.HasFlag("fatal") ? new NgErrorReply(NotFound) : new NgDeleteReply(null) { Warning = NotFound };

    /// <summary>Removes a session; its streams stop and their ports return to the pools on its worker.</summary>
    private void EndSession(MediaSession session, SessionEndReason reason, bool count = true)
    {
        var streams = new List<(Forwarding.StreamPath Path, MediaEndpoint? Rtp, MediaEndpoint? Rtcp, Ports.PortPool Pool)>();
        lock (session.Lock)
        {
            if (session.Ended)
            {
                return;
            }

            session.Ended = true;
            foreach (var leg in session.Legs)
            {
                foreach (var stream in leg.Streams)
                {
                    streams.Add((stream.Path, stream.Rtp, stream.Rtcp, leg.Interface.Ports));
                    stream.Active = false;
                    stream.Rtp = null;
                    stream.Rtcp = null;
                }
            }
        }

        _sessions.TryRemove(new KeyValuePair<string, MediaSession>(session.CallId, session));
        session.Worker.Post(() =>
        {
            foreach (var (path, _, _, _) in streams)
            {
                path.Unlink();
            }

            foreach (var (path, rtp, rtcp, pool) in streams)
            {
                path.Dispose();
                rtcp?.Dispose();
                if (rtp is not null)
                {
                    rtp.Dispose();
                    pool.Return(rtp.Port);
                }
            }
        });

        if (!count)
        {
            return;
        }

        _metrics.SessionEnded(reason);
        if (reason == SessionEndReason.Timeout)
        {
            Interlocked.Increment(ref _timeoutSessions);
        }
        else
        {
            Interlocked.Increment(ref _deletedSessions);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var seconds = (_time.GetUtcNow() - session.Created).TotalSeconds;
            Log.SessionEnded(_logger, session.CallId, reason, seconds);
        }
    }
}
