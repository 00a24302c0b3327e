using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Bridgehead.Dtls;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Sdp;
using Bridgehead.Stun;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>
/// What a browser does on the media path, built from Bridgehead.Stun and Bridgehead.Dtls: it is
/// the full, controlling ICE agent (it sends the checks, the relay is lite), then runs DTLS in
/// the role its SDP took, then speaks SRTP with the exported keys, all on one socket (BUNDLE,
/// rtcp-mux). Its incoming datagrams are sorted by first byte as the relay sorts them (RFC 7983).
/// </summary>
internal sealed class FakeBrowser : IDtlsDatagramSender, IAsyncDisposable
{
    public const string Ufrag = "brws";
    public const string Password = "browser-ice-password-0123";

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly Task _receiveLoop;
    private DtlsSession? _dtls;
    private IPEndPoint? _relay;

    public FakeBrowser()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Certificate = DtlsCertificate.Generate(new DtlsCertificateOptions(), TimeProvider.System);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public DtlsCertificate Certificate { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public SrtpContext? SrtpOut { get; private set; }

    public SrtpContext? SrtpIn { get; private set; }

    public byte[] Sdp(string setup) => RelaySdp.Browser(EndPoint.Port, Ufrag, Password, Certificate.Fingerprint.ToString(), setup);

    /// <summary>
    /// Sends a connectivity check to the relay's candidate in its SDP, as Chromium does
    /// (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT), and
    /// returns the response, whose integrity is checked with the relay's password.
    /// </summary>
    public async Task<bool> CheckAsync(SdpSession relaySdp, bool nominate, string? password = null)
    {
        var media = relaySdp.Media[0];
        var candidate = Assert.Single(media.Candidates, c => c.Component == 1);
        _relay = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        var relayUfrag = media.IceUfrag ?? relaySdp.IceUfrag!;
        var relayPassword = password ?? media.IcePwd ?? relaySdp.IcePwd!;
        using var key = StunIntegrityKey.ForShortTermPassword(relayPassword);
        var transaction = RandomNumberGenerator.GetBytes(12);
        var request = new byte[512];
        var writer = new StunWriter(request, StunClass.Request, StunMethod.Binding, transaction);
        writer.AddUsername($"{relayUfrag}:{Ufrag}");
        writer.AddPriority(2122260223);
        writer.AddIceControlling(0x1234_5678_9abc_def0);
        if (nominate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        var length = writer.Length;
        _socket.SendTo(request.AsSpan(0, length), SocketFlags.None, _relay);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var response = await _stun.Reader.ReadAsync(timeout.Token);
            return Verify(response, transaction, key);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>DTLS with the relay in our role; the relay's certificate must match its SDP fingerprint.</summary>
    public async Task<DtlsHandshakeResult> HandshakeAsync(SdpSession relaySdp, DtlsRole role)
    {
        var fingerprint = relaySdp.Media[0].Fingerprints.Concat(relaySdp.Fingerprints).First();
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed, out _));
        _dtls = new DtlsSession(new DtlsSessionParameters(role, Certificate, [parsed!]), new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(15) }, this);
        var result = await _dtls.HandshakeAsync();
        if (result.Succeeded && SrtpProfiles.TryGetByDtlsProtectionProfile((ushort)result.Keys.Profile, out var profile))
        {
            SrtpOut = new SrtpContext(profile.Profile, result.Keys.LocalMasterKey.Span, result.Keys.LocalMasterSalt.Span);
            SrtpIn = new SrtpContext(profile.Profile, result.Keys.RemoteMasterKey.Span, result.Keys.RemoteMasterSalt.Span);
        }

        return result;
    }

    /// <summary>Protects and sends an RTP packet (built with room for the trailer).</summary>
    public void SendSrtp(byte[] rtpPacket, int rtpLength)
    {
        Assert.Equal(SrtpResult.Ok, SrtpOut!.ProtectRtp(rtpPacket, rtpLength, out var length));
        _socket.SendTo(rtpPacket.AsSpan(0, length), SocketFlags.None, _relay!);
    }

    /// <summary>The next media datagram, decrypted; null on timeout, throws if it does not authenticate.</summary>
    public async Task<byte[]?> ReceiveSrtpAsync(int timeoutMilliseconds = 2000)
    {
        using var timeout = new CancellationTokenSource(timeoutMilliseconds);
        try
        {
            var packet = await _media.Reader.ReadAsync(timeout.Token);
            Assert.Equal(SrtpResult.Ok, SrtpIn!.UnprotectRtp(packet, out var plain));
            return packet[..plain];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (_relay is { } relay)
        {
            _socket.SendTo(datagram, SocketFlags.None, relay);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _dtls?.Close();
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiveLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        SrtpIn?.Dispose();
        SrtpOut?.Dispose();
        _stop.Dispose();
    }

    private static bool Verify(byte[] response, byte[] transaction, StunIntegrityKey key)
    {
        if (!StunMessage.TryParse(response, out var message, out _) || message.Class != StunClass.SuccessResponse
            || !message.TransactionId.SequenceEqual(transaction) || !message.VerifyFingerprint() || !message.VerifyMessageIntegrity(key))
        {
            return false;
        }

        return message.TryGetXorMappedAddress(out var mapped) && mapped is not null;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        for (var i = 0; i < 100_000 && !_stop.IsCancellationRequested; i++)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var datagram = buffer[..received.ReceivedBytes];
            switch (datagram[0])
            {
                case <= 3:
                    await _stun.Writer.WriteAsync(datagram);
                    break;
                case >= 20 and <= 63:
                    _dtls?.DeliverDatagram(datagram);
                    break;
                case >= 128 and <= 191:
                    await _media.Writer.WriteAsync(datagram);
                    break;
            }
        }
    }
}
