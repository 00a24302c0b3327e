using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Bridgehead.RelayLoad;

// A media load of the project's own for a relay driven over ng (Bridgehead's or rtpengine):
// N two-way calls set up with offer/answer, each direction sending RTP (or SRTP from the caller)
// at a fixed rate; it reads the relay's CPU time over a measured window and counts what arrives.
// Prints one RESULT line of JSON.
//   dotnet bench/Bridgehead.RelayLoad/bin/Release/net10.0/Bridgehead.RelayLoad.dll --ng 127.0.0.1:22222 --pid PID --calls 500 --mode srtp --duration 20
var options = LoadOptions.Parse(args);
using var stop = new CancellationTokenSource(options.Warmup + options.Duration + TimeSpan.FromMinutes(5));

using var caller = OpenSocket();
using var callee = OpenSocket();
var callerFd = (int)caller.Handle;
var calleeFd = (int)callee.Handle;

await using var ng = new NgUdpClient(new NgUdpClientOptions { RemoteEndPoint = options.Ng, RetransmitInterval = TimeSpan.FromSeconds(2) });
if (await ng.SendAsync(new NgPingCommand(), stop.Token) is not NgPongReply)
{
    Console.Error.WriteLine($"The relay at {options.Ng} did not answer ping.");
    return 2;
}

using var calls = new LoadCalls(options.Calls);
var setup = Stopwatch.StartNew();
await calls.SetUpAsync(ng, options.Mode, ((IPEndPoint)caller.LocalEndPoint!).Port, ((IPEndPoint)callee.LocalEndPoint!).Port, stop.Token);
setup.Stop();

var udp0 = UdpCounters.Read();
using var receiver = new MediaReceiver(calls, callerFd, calleeFd);
using var sender = new MediaSender(calls, options, callerFd, calleeFd);
receiver.Start();
var self = Process.GetCurrentProcess();
var started = Stopwatch.GetTimestamp();
sender.Start(options.Warmup + options.Duration);

// The window: CPU of the relay and of this generator, and packets received, between two reads.
Thread.Sleep(options.Warmup);
var (user0, system0) = ProcessCpu.ReadSplit(options.RelayPid);
var cpu0 = user0 + system0;
self.Refresh();
var own0 = self.TotalProcessorTime;
var received0 = receiver.Received;
var sent0 = sender.Sent;
var window = Stopwatch.StartNew();
var remaining = options.Warmup + options.Duration - Stopwatch.GetElapsedTime(started);
if (remaining > TimeSpan.Zero)
{
    Thread.Sleep(remaining);
}

var (user1, system1) = ProcessCpu.ReadSplit(options.RelayPid);
var cpu1 = user1 + system1;
self.Refresh();
var own1 = self.TotalProcessorTime;
var received1 = receiver.Received;
var sent1 = sender.Sent;
var windowSeconds = window.Elapsed.TotalSeconds;
sender.Join();

// Let the last packets arrive, bounded.
long before;
var drain = Stopwatch.StartNew();
do
{
    before = receiver.Received;
    Thread.Sleep(200);
}
while (receiver.Received != before && drain.Elapsed < TimeSpan.FromSeconds(3));

var udp1 = UdpCounters.Read();
var deleteFailures = await calls.DeleteAsync(ng, stop.Token);

var attempted = sender.Sent + sender.SendErrors;
var relayed = received1 - received0;
var relayCpu = (cpu1 - cpu0).TotalSeconds;
var result = new Dictionary<string, object>
{
    ["mode"] = options.Mode.ToString().ToLowerInvariant(),
    ["calls"] = options.Calls,
    ["offered_pps"] = options.Calls * options.PacketsPerSecond * 2,
    ["setup_s"] = Math.Round(setup.Elapsed.TotalSeconds, 2),
    ["window_s"] = Math.Round(windowSeconds, 2),
    ["relayed_in_window"] = relayed,
    ["sent_in_window"] = sent1 - sent0,
    ["relay_cpu_s"] = Math.Round(relayCpu, 3),
    ["relay_cpu_pct"] = Math.Round(100 * relayCpu / windowSeconds, 1),
    ["cpu_us_per_packet"] = relayed > 0 ? Math.Round(relayCpu * 1e6 / relayed, 2) : -1,
    ["user_us_per_packet"] = relayed > 0 ? Math.Round((user1 - user0).TotalSeconds * 1e6 / relayed, 2) : -1,
    ["system_us_per_packet"] = relayed > 0 ? Math.Round((system1 - system0).TotalSeconds * 1e6 / relayed, 2) : -1,
    ["generator_cpu_pct"] = Math.Round(100 * (own1 - own0).TotalSeconds / windowSeconds, 1),
    ["sent"] = sender.Sent,
    ["send_errors"] = sender.SendErrors,
    ["received"] = receiver.Received,
    ["received_at_caller"] = receiver.AtCaller,
    ["received_at_callee"] = receiver.AtCallee,
    ["loss_pct"] = attempted > 0 ? Math.Round(100.0 * (attempted - receiver.Received) / attempted, 4) : -1,
    ["auth_failures"] = receiver.AuthFailures,
    ["strays"] = receiver.Strays,
    ["max_lag_ms"] = Math.Round(sender.MaxLag.TotalMilliseconds, 2),
    ["delete_failures"] = deleteFailures,

    // Where packets were lost, as the kernel counts it for the whole network namespace.
    ["udp_rcvbuf_errors"] = udp1.ReceiveBufferErrors - udp0.ReceiveBufferErrors,
    ["udp_sndbuf_errors"] = udp1.SendBufferErrors - udp0.SendBufferErrors,
    ["udp_no_ports"] = udp1.NoPorts - udp0.NoPorts,
};
Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
return 0;

static Socket OpenSocket()
{
    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    // Room for a burst of a whole slot; SO_RCVBUFFORCE/SO_SNDBUFFORCE pass rmem_max when run as root.
    const int SolSocket = 1, SendBufferForce = 32, ReceiveBufferForce = 33;
    const int Size = 8 * 1024 * 1024;
    try
    {
        socket.SetRawSocketOption(SolSocket, ReceiveBufferForce, BitConverter.GetBytes(Size));
        socket.SetRawSocketOption(SolSocket, SendBufferForce, BitConverter.GetBytes(Size));
    }
    catch (SocketException)
    {
        socket.ReceiveBufferSize = Size;
        socket.SendBufferSize = Size;
    }

    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return socket;
}
