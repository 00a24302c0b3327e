using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;

namespace Bridgehead.Doctor.Softphone;

/// <summary>
/// The doctor's own softphone: a SIP user agent over UDP with one line, as a desk phone is —
/// it registers with digest credentials, answers every call at once with G.711 over RTP/AVP,
/// and places calls. Every request goes to the edge (its outbound proxy); requests are
/// retransmitted on UDP as RFC 3261 §17.1 says, within the step's deadline.
/// </summary>
internal sealed partial class DoctorSoftphone : IAsyncDisposable
{
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan T2 = TimeSpan.FromSeconds(4);

    private readonly Socket _socket;
    private readonly IPEndPoint _edge;
    private readonly string _password;
    private readonly SipIdGenerator _ids;
    private readonly Random _random;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SipMessage>> _finals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _provisionalSeen = new(StringComparer.Ordinal);
    private readonly Task _receiver;

    public DoctorSoftphone(string user, string password, IPEndPoint edge, string domain, Random random)
    {
        User = user;
        _password = password;
        _edge = edge;
        Domain = domain;
        _random = random;
        _ids = new SipIdGenerator(random);
        LocalAddress = LocalAddressToward(edge);
        _socket = new Socket(edge.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(LocalAddress, 0));
        var bound = (IPEndPoint)_socket.LocalEndPoint!;
        Local = new LocalContact(SipTransportKind.Udp, bound.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString(), bound.Port);
        AddressOfRecord = $"<sip:{user}@{domain}>";
        _receiver = ReceiveAsync();
    }

    public string User { get; }

    public string Name => $"softphone {User}";

    public string Domain { get; }

    /// <summary>The local address the system routes toward the edge: the address of the softphone's Via, Contact and c=.</summary>
    public IPAddress LocalAddress { get; }

    /// <summary>The edge's address as this phone reaches it.</summary>
    public IPAddress EdgeAddress => _edge.Address;

    public LocalContact Local { get; }

    public string AddressOfRecord { get; }

    internal const string UserAgent = "Bridgehead doctor softphone";

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _calls.Values)
        {
            call.Media.Dispose();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiver.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// Sends a request and waits for its final response, retransmitting on UDP (Timer A/E,
    /// RFC 3261 §17.1.1.2/§17.1.2.2) until a provisional (INVITE) or the final response arrives.
    /// Null when none came before <paramref name="timeout"/>.
    /// </summary>
    private async Task<(SipMessage? Response, string Branch)> TransactAsync(SoftphoneRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var branch = _ids.Branch();
        var bytes = request.Write(Local, branch, UserAgent);
        var final = new TaskCompletionSource<SipMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _finals[branch] = final;
        try
        {
            var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
            var interval = T1;
            while (true)
            {
                if (!_provisionalSeen.ContainsKey(branch) || request.Method != SipMethod.Invite)
                {
                    Send(bytes, _edge);
                }

                var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero)
                {
                    return (null, branch);
                }

                var wait = interval < left ? interval : left;
                try
                {
                    return (await final.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false), branch);
                }
                catch (TimeoutException)
                {
                    interval = interval * 2 < T2 ? interval * 2 : T2;
                }
            }
        }
        finally
        {
            _finals.TryRemove(branch, out _);
            _provisionalSeen.TryRemove(branch, out _);
        }
    }

    private void Send(ReadOnlySpan<byte> bytes, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(bytes, SocketFlags.None, to);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A lost datagram is retransmitted or shows up as a missing response in the step.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65536];
        var any = new IPEndPoint(_edge.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (received.ReceivedBytes <= 4)
            {
                continue; // CRLF keepalives
            }

            var parsed = SipMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            if (!parsed.Success)
            {
                continue;
            }

            var message = parsed.Message!;
            var source = (IPEndPoint)received.RemoteEndPoint;
            if (message.IsResponse)
            {
                OnResponse(message);
            }
            else
            {
                OnRequest(message, source);
            }
        }
    }

    private void OnResponse(SipMessage response)
    {
        if (!Via.TryParse(response.FirstValueMemory(HeaderId.Via), out var via))
        {
            return;
        }

        var branch = Encoding.ASCII.GetString(via.Branch.Span);
        if (response.StatusCode < 200)
        {
            _provisionalSeen.TryAdd(branch, 0);
            return;
        }

        if (_finals.TryGetValue(branch, out var final))
        {
            final.TrySetResult(response);
        }
        else if (response.StatusCode < 300 && CSeqHeader.TryParse(response.FirstValueMemory(HeaderId.CSeq), out var cseq) && cseq.Method == SipMethod.Invite)
        {
            // A 2xx retransmitted because our ACK was lost: ACK it again (RFC 3261 §13.2.2.4).
            ReAcknowledge(response);
        }
    }

    private static IPAddress LocalAddressToward(IPEndPoint edge)
    {
        using var probe = new Socket(edge.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(edge);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
