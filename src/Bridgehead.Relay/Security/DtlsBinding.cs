using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;

namespace Bridgehead.Relay.Security;

/// <summary>
/// Ties one stream's <see cref="DtlsSession"/> to its media port: the session's datagrams go out of
/// the stream's RTP port to the ICE-validated peer, and the handshake's outcome is posted back to
/// the stream's worker. The handshake itself blocks a thread of its own (BouncyCastle).
/// </summary>
internal sealed class DtlsBinding : IDtlsDatagramSender, IDisposable
{
    private readonly StreamPath _path;
    private readonly MediaEndpoint _endpoint;
    private SocketAddress _peer;

    public DtlsBinding(StreamPath path, DtlsPathConfig config, SocketAddress peer, MediaEndpoint endpoint)
    {
        _path = path;
        _endpoint = endpoint;
        _peer = Clone(peer);
        Role = config.Role;
        Session = new DtlsSession(new DtlsSessionParameters(config.Role, config.Certificate, config.RemoteFingerprints), config.Options, this);
    }

    public DtlsSession Session { get; }

    public DtlsRole Role { get; }

    /// <summary>Starts the handshake from the thread pool, so the worker does not pay for a thread start.</summary>
    public void Start() => ThreadPool.UnsafeQueueUserWorkItem(static binding => binding.Run(), this, preferLocal: false);

    /// <summary>ICE selected another address: datagrams go there from now on.</summary>
    public void UpdatePeer(SocketAddress peer) => Volatile.Write(ref _peer, Clone(peer));

    /// <summary>Called by the handshake thread.</summary>
    public void Send(ReadOnlySpan<byte> datagram) => _endpoint.SendFromAnyThread(datagram, Volatile.Read(ref _peer));

    public void Dispose() => Session.Close();

    private static SocketAddress Clone(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        StreamPath.Copy(address, copy);
        return copy;
    }

    private void Run()
    {
        var started = _path.Events.Time.GetTimestamp();
        _ = Session.HandshakeAsync().ContinueWith(
            static (task, state) =>
            {
                var (binding, started) = ((DtlsBinding, long))state!;
                var result = task.Result;
                binding._path.Events.DtlsCompleted(binding._path, binding.Role, result, binding._path.Events.Time.GetElapsedTime(started));
                binding._path.Worker.Post(() => binding._path.OnDtlsHandshake(binding, result));
            },
            (this, started),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
