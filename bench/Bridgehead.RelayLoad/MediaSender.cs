using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.RelayLoad;

/// <summary>
/// One thread that sends every call's packets, both directions, at the call's rate. A period
/// (20 ms at 50 packets/s) is cut into slots of about a millisecond; each slot sends its share of
/// the calls with one sendmmsg per side, so the calls' packets are spread evenly over time. The
/// packets are built once; a send writes only sequence number and timestamp (and encrypts, for
/// the SRTP side).
/// </summary>
internal sealed class MediaSender : IDisposable
{
    private const int RtpHeader = 12;

    private readonly LoadCalls _calls;
    private readonly int _callerFd;
    private readonly int _calleeFd;
    private readonly MessageVector _toRelayFromCaller;
    private readonly MessageVector _toRelayFromCallee;
    private readonly byte[] _plain;
    private readonly int _plainLength;
    private readonly int _callerLength;
    private readonly int _slots;
    private readonly long _slotTicks;
    private readonly Thread _thread;
    private long _deadline;
    private volatile bool _stop;
    private long _sent;
    private long _sendErrors;
    private long _maxLagTicks;

    public MediaSender(LoadCalls calls, LoadOptions options, int callerFd, int calleeFd)
    {
        _calls = calls;
        _callerFd = callerFd;
        _calleeFd = calleeFd;
        _plainLength = RtpHeader + options.Payload;
        _callerLength = _plainLength + (options.Mode == MediaMode.Srtp ? 10 : 0);
        _plain = new byte[_plainLength];
        for (var i = RtpHeader; i < _plainLength; i++)
        {
            _plain[i] = (byte)(0xFF - (i % 7)); // µ-law near silence
        }

        _toRelayFromCaller = new MessageVector(calls.Count, _callerLength + 16);
        _toRelayFromCallee = new MessageVector(calls.Count, _plainLength);
        for (var i = 0; i < calls.Count; i++)
        {
            Prepare(_toRelayFromCaller, i, calls.CallerToRelay[i], LoadCalls.CallerSsrcBase + (uint)i, _callerLength);
            Prepare(_toRelayFromCallee, i, calls.CalleeToRelay[i], LoadCalls.CalleeSsrcBase + (uint)i, _plainLength);
        }

        // Slots of at least a millisecond, at most 20 per period.
        _slots = Math.Clamp(1000 / options.PacketsPerSecond, 1, 20);
        _slotTicks = Stopwatch.Frequency / options.PacketsPerSecond / _slots;
        _thread = new Thread(Run) { IsBackground = true, Name = "load-sender" };
    }

    /// <summary>Packets handed to the kernel, both directions.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>How late the latest slot went out at worst: a generator that cannot keep up shows here.</summary>
    public TimeSpan MaxLag => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLagTicks));

    /// <summary>Starts sending until <paramref name="duration"/> has passed.</summary>
    public void Start(TimeSpan duration)
    {
        _deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        _thread.Start();
    }

    public void Join() => _thread.Join();

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        _toRelayFromCaller.Dispose();
        _toRelayFromCallee.Dispose();
    }

    private void Prepare(MessageVector vector, int i, System.Net.IPEndPoint destination, uint ssrc, int length)
    {
        vector.SetDestination(i, destination);
        vector.SetLength(i, length);
        var packet = vector.Buffer(i);
        _plain.CopyTo(packet);
        packet[0] = 0x80;
        packet[1] = 0; // PCMU
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }

    private void Run()
    {
        var start = Stopwatch.GetTimestamp();
        var count = _calls.Count;
        for (long tick = 0; !_stop; tick++)
        {
            var due = start + (tick * _slotTicks);
            if (due >= _deadline)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (due > now)
            {
                var wait = Stopwatch.GetElapsedTime(now, due);
                if (wait >= TimeSpan.FromMilliseconds(1))
                {
                    Thread.Sleep(wait);
                }
                else
                {
                    Thread.Sleep(1);
                }
            }
            else if (now - due > _maxLagTicks)
            {
                Interlocked.Exchange(ref _maxLagTicks, now - due);
            }

            var slot = (int)(tick % _slots);
            var period = tick / _slots;
            var from = (int)((long)slot * count / _slots);
            var to = (int)((long)(slot + 1) * count / _slots);
            if (from == to)
            {
                continue;
            }

            var sequence = (ushort)(period + 1);
            var timestamp = (uint)((period + 1) * 160);
            for (var i = from; i < to; i++)
            {
                Stamp(_toRelayFromCallee.Buffer(i), sequence, timestamp);
                var caller = _toRelayFromCaller.Buffer(i);
                if (_calls.CallerSend[i] is { } srtp)
                {
                    _plain.AsSpan(RtpHeader).CopyTo(caller[RtpHeader..]);
                    Stamp(caller, sequence, timestamp);
                    if (srtp.ProtectRtp(caller, _plainLength, out _) != SrtpResult.Ok)
                    {
                        Interlocked.Increment(ref _sendErrors);
                    }
                }
                else
                {
                    Stamp(caller, sequence, timestamp);
                }
            }

            Send(_callerFd, _toRelayFromCaller, from, to);
            Send(_calleeFd, _toRelayFromCallee, from, to);
        }
    }

    private static void Stamp(Span<byte> packet, ushort sequence, uint timestamp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
    }

    private void Send(int fd, MessageVector vector, int from, int to)
    {
        // sendmmsg may stop short (a full socket buffer); carry on from there, a bounded number of times.
        for (var attempt = 0; from < to && attempt < 100; attempt++)
        {
            var sent = Native.sendmmsg(fd, vector.At(from), (uint)Math.Min(to - from, 1024), 0);
            if (sent < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Native.Interrupted or Native.WouldBlock)
                {
                    continue;
                }

                // A refused datagram (ECONNREFUSED from an earlier ICMP) is skipped and counted.
                Interlocked.Increment(ref _sendErrors);
                from++;
                continue;
            }

            Interlocked.Add(ref _sent, sent);
            from += sent;
        }

        if (from < to)
        {
            Interlocked.Add(ref _sendErrors, to - from);
        }
    }
}
