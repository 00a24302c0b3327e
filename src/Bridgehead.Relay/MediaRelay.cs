using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Ports;
using Bridgehead.Relay.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Relay;

/// <summary>
/// The media relay's session control: it answers the ng commands (offer, answer, delete, query,
/// list, statistics) by allocating ports, deciding each leg's profile, rewriting SDP and handing
/// the per-packet state to the workers. Control may allocate and lock; forwarding never does,
/// and control reaches the per-packet state only by posting to the worker that owns it
/// (ARCHITECTURE.md: "the per-packet path is separate from session control").
/// Commands may come from any thread; one call's commands run one at a time.
/// </summary>
public sealed partial class MediaRelay : IDisposable
{
    private readonly RelayOptions _options;
    private readonly IReadOnlyList<RelayInterface> _interfaces;
    private readonly IMediaIo _io;
    private readonly RelayEvents _events;
    private readonly RelayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RandomNumberGenerator _random;
    private readonly DtlsCertificateProvider _certificates;
    private readonly DtlsOptions _dtlsOptions;
    private readonly ConcurrentDictionary<string, MediaSession> _sessions = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt;
    private ITimer? _sweeper;
    private int _nextWorker;
    private int _started;
    private int _disposed;
    private long _managedSessions;
    private long _rejectedSessions;
    private long _timeoutSessions;
    private long _deletedSessions;

    public MediaRelay(IOptions<RelayOptions> options, RelayMetrics metrics, ILogger<MediaRelay> logger, TimeProvider time)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, metrics, logger, time, createIo: null, random: null)
    {
    }

    internal MediaRelay(RelayOptions options, RelayMetrics metrics, ILogger logger, TimeProvider time, Func<RelayEvents, IMediaIo>? createIo, RandomNumberGenerator? random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var validation = new RelayOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(RelayOptions.SectionName, typeof(RelayOptions), validation.Failures);
        }

        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _random = random ?? RandomNumberGenerator.Create();
        _interfaces = RelayInterface.FromOptions(options);
        _events = new RelayEvents(logger, metrics, time);
        _io = createIo?.Invoke(_events) ?? new EpollMediaIo(options, _events, time, logger);
        _certificates = new DtlsCertificateProvider(new DtlsCertificateOptions(), time, _random);
        _dtlsOptions = new DtlsOptions { HandshakeTimeout = options.DtlsHandshakeTimeout };
        _startedAt = time.GetUtcNow();
        metrics.Observe(this);
    }

    /// <summary>Sessions held now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Port pairs taken from every interface's pool.</summary>
    public int PortsInUse => _interfaces.Sum(i => i.Ports.InUse);

    /// <summary>The interfaces, by name, with the address each advertises.</summary>
    public IReadOnlyDictionary<string, System.Net.IPAddress> AdvertisedAddresses =>
        _interfaces.ToDictionary(i => i.Name, i => i.AdvertisedAddress, StringComparer.Ordinal);

    /// <summary>
    /// Starts the packet threads and the session sweeper, and makes the DTLS certificate now so
    /// that the first browser call does not wait for a key pair.
    /// </summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _io.Start();
        _ = _certificates.GetCertificate();
        _sweeper = _time.CreateTimer(static state => ((MediaRelay)state!).Sweep(), this, _options.SweepInterval, _options.SweepInterval);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var interfaces = string.Join(", ", _interfaces.Select(i => $"{i.Name}={i.BindAddress}!{i.AdvertisedAddress}"));
            Log.Started(_logger, _interfaces.Count, interfaces, _options.PortMin, _options.PortMax, _io.WorkerCount);
        }
    }

    /// <summary>Runs one ng command. Failures are error replies; nothing here throws for bad input.</summary>
    public NgReply Handle(NgCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reply = command switch
        {
            NgPingCommand => new NgPongReply(),
            NgOfferCommand offer => Offer(offer),
            NgAnswerCommand answer => Answer(answer),
            NgDeleteCommand delete => Delete(delete),
            NgQueryCommand query => Query(query),
            NgListCommand list => List(list),
            NgStatisticsCommand => Statistics(),
            _ => NgErrorReply.From(NgError.UnknownCommand),
        };
        _metrics.NgCommand(command.Kind.ToCommandName(), reply.Result switch
        {
            NgResult.Error => "error",
            NgResult.Pong => "pong",
            _ => "ok",
        });
        return reply;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweeper?.Dispose();
        foreach (var session in _sessions.Values)
        {
            EndSession(session, SessionEndReason.Shutdown);
        }

        _io.Dispose();
        _random.Dispose();
    }

    /// <summary>Sums of every worker's counters.</summary>
    internal RelayTotals Totals()
    {
        var totals = new RelayTotals(new long[DropReasons.Count]);
        for (var w = 0; w < _io.WorkerCount; w++)
        {
            var c = _io.GetWorker(w).Counters;
            totals.RtpPackets += c.RtpPackets;
            totals.RtpBytes += c.RtpBytes;
            totals.RtcpPackets += c.RtcpPackets;
            totals.RtcpBytes += c.RtcpBytes;
            totals.StunAnswered += c.StunAnswered;
            totals.StunRejected += c.StunRejected;
            for (var i = 0; i < totals.Drops.Length; i++)
            {
                totals.Drops[i] += c.Dropped((DropReason)i);
            }
        }

        return totals;
    }

    private IMediaWorker NextWorker() => _io.GetWorker((int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)_io.WorkerCount));

    private RelayInterface InterfaceNamed(string? name)
    {
        if (name is not null)
        {
            foreach (var candidate in _interfaces)
            {
                if (candidate.Name == name)
                {
                    return candidate;
                }
            }
        }

        return _interfaces[0];
    }
}

/// <summary>What every worker relayed and dropped, summed.</summary>
internal sealed class RelayTotals(long[] drops)
{
    public long RtpPackets { get; set; }

    public long RtpBytes { get; set; }

    public long RtcpPackets { get; set; }

    public long RtcpBytes { get; set; }

    public long StunAnswered { get; set; }

    public long StunRejected { get; set; }

    public long[] Drops { get; } = drops;

    public long Packets => RtpPackets + RtcpPackets;

    public long Bytes => RtpBytes + RtcpBytes;

    public long Dropped => Drops.Sum();
}
