using Bridgehead.Relay.Ports;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay.Io;

/// <summary>The relay's sockets and packet threads: one <see cref="EpollWorker"/> per configured worker thread.</summary>
internal sealed class EpollMediaIo : IMediaIo
{
    private readonly EpollWorker[] _workers;
    private readonly int _receiveBufferSize;
    private readonly int _sendBufferSize;

    public EpollMediaIo(RelayOptions options, RelayEvents events, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _receiveBufferSize = options.SocketReceiveBufferSize;
        _sendBufferSize = options.SocketSendBufferSize;
        _workers = new EpollWorker[options.WorkerThreads];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new EpollWorker(i, events, time, logger);
        }
    }

    public int WorkerCount => _workers.Length;

    public IMediaWorker GetWorker(int index) => _workers[index];

    public MediaEndpoint? TryOpen(RelayInterface relayInterface, int port, bool isRtcp) =>
        UdpMediaEndpoint.TryBind(relayInterface, port, isRtcp, _receiveBufferSize, _sendBufferSize);

    public void Start()
    {
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }
}
