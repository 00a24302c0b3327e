using System.Diagnostics;
using System.Globalization;
using Bridgehead.WsLoad;

// A load client of the project's own: N browsers on WebSocket, each holding one registration
// refreshed every R seconds, spread evenly. Prints READY when every connection is open and
// registered, STEADY_START / STEADY_END around the measured phase, then one RESULT line.
//   dotnet run -c Release --project bench/Bridgehead.WsLoad -- --url ws://127.0.0.1:8080 --connections 10000 --refresh 60 --duration 120
var options = LoadOptions.Parse(args);
var stats = new LoadStats();
var browsers = new BrowserConnection[options.Connections];
using var stop = new CancellationTokenSource(options.Duration + options.Settle + TimeSpan.FromMinutes(5));

// Ramp: open and register at a fixed rate, a few at a time.
var ramp = Stopwatch.StartNew();
var opening = new List<Task>();
for (var i = 0; i < browsers.Length; i++)
{
    var due = TimeSpan.FromSeconds((double)i / options.RampPerSecond);
    if (ramp.Elapsed < due)
    {
        await Task.Delay(due - ramp.Elapsed, stop.Token);
    }

    var browser = browsers[i] = new BrowserConnection(i, options, stats);
    opening.Add(OpenAndRegisterAsync(browser));
}

await Task.WhenAll(opening);
var deadline = Stopwatch.StartNew();
while (stats.OkCount < browsers.Length && deadline.Elapsed < TimeSpan.FromSeconds(60))
{
    await Task.Delay(100, stop.Token);
}

Console.WriteLine($"READY {stats.OkCount} registered of {browsers.Length} in {ramp.Elapsed.TotalSeconds:F1} s");
await Task.Delay(options.Settle, stop.Token);

// Steady phase: connection i refreshes at offsets i/N of every period.
var sentBefore = stats.SentCount;
var okBefore = stats.OkCount;
var failedBefore = stats.FailedCount;
Console.WriteLine("STEADY_START");
var steady = Stopwatch.StartNew();
var period = options.Refresh;
long next = 0;
while (steady.Elapsed < options.Duration)
{
    var cycle = (long)(steady.Elapsed / period);
    var position = steady.Elapsed - (cycle * period);
    var target = (cycle * browsers.Length) + (long)(position / period * browsers.Length);
    for (; next <= target; next++)
    {
        _ = browsers[next % browsers.Length].RegisterAsync(stop.Token);
    }

    await Task.Delay(5, stop.Token);
}

var elapsed = steady.Elapsed;
await Task.Delay(1000, stop.Token); // the last answers
Console.WriteLine("STEADY_END");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT {{\"connections\":{browsers.Length},\"steady_seconds\":{elapsed.TotalSeconds:F1},\"sent\":{stats.SentCount - sentBefore},\"ok\":{stats.OkCount - okBefore}," +
    $"\"failed\":{stats.FailedCount - failedBefore},\"closed\":{stats.ClosedCount},\"mean_latency_ms\":{stats.MeanLatencyMs:F2}}}"));

foreach (var browser in browsers)
{
    await browser.DisposeAsync();
}

return 0;

async Task OpenAndRegisterAsync(BrowserConnection browser)
{
    try
    {
        await browser.OpenAsync(stop.Token);
        await browser.RegisterAsync(stop.Token);
    }
    catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException)
    {
        stats.Failed();
    }
}
