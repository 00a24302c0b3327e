using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.RelayLoad;

/// <summary>
/// The calls of a run, set up through ng the way a SIP proxy does: an offer with the caller's SDP
/// (side A), an answer with the callee's (side B). Every A shares one socket and every B another,
/// as rtpengine's own probe does: the relay still gives each call its own ports and latches each
/// stream, and the SSRC tells the calls apart at the receivers.
/// </summary>
internal sealed class LoadCalls : IDisposable
{
    public const uint CallerSsrcBase = 0x0A000000;
    public const uint CalleeSsrcBase = 0x0B000000;
    private const int ParallelRequests = 32;

    private readonly string _run = RandomNumberGenerator.GetHexString(8, lowercase: true);

    public LoadCalls(int count)
    {
        Count = count;
        CallerToRelay = new IPEndPoint[count];
        CalleeToRelay = new IPEndPoint[count];
        CallerSend = new SrtpContext?[count];
        CallerReceive = new SrtpContext?[count];
    }

    public int Count { get; }

    /// <summary>The relay port caller i sends to (from the answer the relay returned).</summary>
    public IPEndPoint[] CallerToRelay { get; }

    /// <summary>The relay port callee i sends to (from the offer the relay returned).</summary>
    public IPEndPoint[] CalleeToRelay { get; }

    /// <summary>SRTP mode: caller i's own key, which it encrypts with and announced in its offer.</summary>
    public SrtpContext?[] CallerSend { get; }

    /// <summary>SRTP mode: the relay's key towards caller i, from the answer's a=crypto.</summary>
    public SrtpContext?[] CallerReceive { get; }

    public async Task SetUpAsync(NgUdpClient ng, MediaMode mode, int callerPort, int calleePort, CancellationToken cancel)
    {
        using var gate = new SemaphoreSlim(ParallelRequests);
        var tasks = new List<Task>(Count);
        for (var i = 0; i < Count; i++)
        {
            await gate.WaitAsync(cancel);
            var index = i;
            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await SetUpOneAsync(ng, mode, index, callerPort, calleePort, cancel);
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                cancel));
        }

        await Task.WhenAll(tasks);
    }

    public async Task<int> DeleteAsync(NgUdpClient ng, CancellationToken cancel)
    {
        using var gate = new SemaphoreSlim(ParallelRequests);
        var failed = 0;
        var tasks = new List<Task>(Count);
        for (var i = 0; i < Count; i++)
        {
            await gate.WaitAsync(cancel);
            var index = i;
            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        var reply = await ng.SendAsync(new NgDeleteCommand(CallId(index)) { FromTag = FromTag(index), Flags = ["fast"] }, cancel);
                        if (reply.Result != NgResult.Ok)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                cancel));
        }

        await Task.WhenAll(tasks);
        return failed;
    }

    public void Dispose()
    {
        foreach (var context in CallerSend.Concat(CallerReceive))
        {
            context?.Dispose();
        }
    }

    private async Task SetUpOneAsync(NgUdpClient ng, MediaMode mode, int i, int callerPort, int calleePort, CancellationToken cancel)
    {
        SdesKeyParams? callerKey = null;
        if (mode == MediaMode.Srtp)
        {
            var keySalt = RandomNumberGenerator.GetBytes(30);
            callerKey = new SdesKeyParams { MasterKey = keySalt.AsMemory(0, 16), MasterSalt = keySalt.AsMemory(16, 14) };
        }

        // Flags as Kamailio's rtpengine_offer("replace-origin replace-session-connection trust-address ICE=remove RTP/AVP") sends them.
        var offer = new NgOfferCommand(CallId(i), FromTag(i), Encoding.ASCII.GetBytes(Sdp(i, callerPort, callerKey)))
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            Ice = NgIceMode.Remove,
            TransportProtocol = "RTP/AVP",
        };
        var offered = await ng.SendAsync(offer, cancel) as NgSdpReply
            ?? throw new InvalidOperationException($"offer {i} failed");
        CalleeToRelay[i] = MediaEndPoint(offered.SdpText);

        var answer = new NgAnswerCommand(CallId(i), FromTag(i), ToTag(i), Encoding.ASCII.GetBytes(Sdp(i, calleePort, null)))
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            Ice = NgIceMode.Remove,
        };
        var answered = await ng.SendAsync(answer, cancel) as NgSdpReply
            ?? throw new InvalidOperationException($"answer {i} failed");
        CallerToRelay[i] = MediaEndPoint(answered.SdpText);
        if (callerKey is not null)
        {
            var relayKey = RelayKey(answered.SdpText)
                ?? throw new InvalidOperationException($"answer {i} has no AES_CM_128_HMAC_SHA1_80 a=crypto:\n{answered.SdpText}");
            CallerSend[i] = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, callerKey.MasterKey.Span, callerKey.MasterSalt.Span);
            CallerReceive[i] = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, relayKey.MasterKey.Span, relayKey.MasterSalt.Span);
        }
    }

    private string CallId(int i) => string.Create(CultureInfo.InvariantCulture, $"load-{_run}-{i}");

    private static string FromTag(int i) => string.Create(CultureInfo.InvariantCulture, $"a{i}");

    private static string ToTag(int i) => string.Create(CultureInfo.InvariantCulture, $"b{i}");

    private static string Sdp(int i, int port, SdesKeyParams? key)
    {
        var sdp = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"v=0\r\no=load {i + 1} 1 IN IP4 127.0.0.1\r\ns=load\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
            .Append(CultureInfo.InvariantCulture, $"m=audio {port} {(key is null ? "RTP/AVP" : "RTP/SAVP")} 0\r\n")
            .Append("a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n");
        if (key is not null)
        {
            sdp.Append("a=crypto:1 AES_CM_128_HMAC_SHA1_80 ").Append(key.Format()).Append("\r\n");
        }

        return sdp.ToString();
    }

    /// <summary>The relay's address and port for the one audio stream of a rewritten SDP.</summary>
    private static IPEndPoint MediaEndPoint(string sdp)
    {
        IPAddress? address = null;
        int? port = null;
        foreach (var line in sdp.Split("\r\n"))
        {
            if (line.StartsWith("c=IN IP4 ", StringComparison.Ordinal))
            {
                address = IPAddress.Parse(line.AsSpan(9).Trim());
            }
            else if (line.StartsWith("m=audio ", StringComparison.Ordinal))
            {
                port = int.Parse(line.AsSpan(8, line.IndexOf(' ', 8) - 8), CultureInfo.InvariantCulture);
            }
        }

        return address is not null && port is not null
            ? new IPEndPoint(address, port.Value)
            : throw new InvalidOperationException($"No c= or m=audio in the relay's SDP:\n{sdp}");
    }

    private static SdesKeyParams? RelayKey(string sdp)
    {
        const string Prefix = "AES_CM_128_HMAC_SHA1_80 ";
        foreach (var line in sdp.Split("\r\n"))
        {
            var at = line.IndexOf(Prefix, StringComparison.Ordinal);
            if (line.StartsWith("a=crypto:", StringComparison.Ordinal) && at > 0)
            {
                var keyParams = line.AsSpan(at + Prefix.Length);
                var space = keyParams.IndexOf(' ');
                if (SdesKeyParams.TryParse(space < 0 ? keyParams : keyParams[..space], SrtpProfile.AesCm128HmacSha1_80, out var key) == SdesParseError.None)
                {
                    return key;
                }
            }
        }

        return null;
    }
}
