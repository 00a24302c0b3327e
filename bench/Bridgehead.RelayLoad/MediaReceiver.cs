using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.RelayLoad;

/// <summary>
/// One thread that waits on both sides' sockets with poll and drains each with recvmmsg, a batch
/// at a time. It counts what the relay delivered to each side, finds the call by SSRC and, where
/// the relay encrypted for the caller, authenticates and decrypts the packet as a phone would.
/// </summary>
internal sealed class MediaReceiver : IDisposable
{
    private const int Batch = 64;

    private readonly LoadCalls _calls;
    private readonly Native.PollFd[] _fds;
    private readonly MessageVector _vector = new(Batch, 2048);
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _atCaller;
    private long _atCallee;
    private long _authFailures;
    private long _strays;

    public MediaReceiver(LoadCalls calls, int callerFd, int calleeFd)
    {
        _calls = calls;
        _fds = [new Native.PollFd { Fd = callerFd, Events = Native.PollIn }, new Native.PollFd { Fd = calleeFd, Events = Native.PollIn }];
        _thread = new Thread(Run) { IsBackground = true, Name = "load-receiver" };
    }

    /// <summary>Packets the relay delivered to the callers (callee to caller direction).</summary>
    public long AtCaller => Interlocked.Read(ref _atCaller);

    /// <summary>Packets the relay delivered to the callees (caller to callee direction).</summary>
    public long AtCallee => Interlocked.Read(ref _atCallee);

    public long Received => AtCaller + AtCallee;

    /// <summary>SRTP packets for a caller that failed authentication or replay checks.</summary>
    public long AuthFailures => Interlocked.Read(ref _authFailures);

    /// <summary>Datagrams that belong to no call of this run.</summary>
    public long Strays => Interlocked.Read(ref _strays);

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        _vector.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            _fds[0].Revents = 0;
            _fds[1].Revents = 0;
            if (Native.poll(_fds, 2, 100) <= 0)
            {
                continue;
            }

            for (var side = 0; side < 2; side++)
            {
                if ((_fds[side].Revents & Native.PollIn) != 0)
                {
                    Drain(_fds[side].Fd, atCaller: side == 0);
                }
            }
        }
    }

    private void Drain(int fd, bool atCaller)
    {
        // Bounded: a side that never runs dry yields to the other after a while.
        for (var round = 0; round < 64; round++)
        {
            _vector.ResetForReceive(Batch);
            var count = Native.recvmmsg(fd, _vector.At(0), Batch, Native.DontWait, 0);
            if (count <= 0)
            {
                if (count < 0 && Marshal.GetLastPInvokeError() is not (Native.WouldBlock or Native.Interrupted))
                {
                    Interlocked.Increment(ref _strays);
                }

                return;
            }

            long good = 0;
            for (var i = 0; i < count; i++)
            {
                good += Accept(_vector.Buffer(i)[.._vector.ReceivedLength(i)], atCaller) ? 1 : 0;
            }

            if (atCaller)
            {
                Interlocked.Add(ref _atCaller, good);
            }
            else
            {
                Interlocked.Add(ref _atCallee, good);
            }

            if (count < Batch)
            {
                return;
            }
        }
    }

    private bool Accept(Span<byte> packet, bool atCaller)
    {
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            Interlocked.Increment(ref _strays);
            return false;
        }

        // What reaches the caller was sent by the callee, and the other way round.
        var call = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) - (atCaller ? LoadCalls.CalleeSsrcBase : LoadCalls.CallerSsrcBase);
        if (call >= (uint)_calls.Count)
        {
            Interlocked.Increment(ref _strays);
            return false;
        }

        if (atCaller && _calls.CallerReceive[call] is { } srtp && srtp.UnprotectRtp(packet, out _) != SrtpResult.Ok)
        {
            Interlocked.Increment(ref _authFailures);
            return false;
        }

        return true;
    }
}
