using System.Diagnostics;

namespace Bridgehead.InteropTests.Pool;

/// <summary>
/// The switch pool against real peers: three sipp switches (each on its own port, answering
/// OPTIONS and INVITE/BYE) behind the bridgehead executable, a sipp caller in front of it.
/// (a) 1,000 calls spread as each policy promises; (b) a switch killed by its process id mid-run
/// is routed around, marked down within the probe interval times the threshold, and takes traffic
/// again after a restart; (c) with pstn=5 per switch the sixth concurrent call goes to another
/// switch and a call finds 503 once all are full.
/// </summary>
[Collection("pool-sipp")]
public sealed class PoolSippTests
{
    private static readonly object FastHealth = new
    {
        NoAnswerTimeout = "00:00:01",
        Health = new { ProbeInterval = "00:00:01", ProbeTimeout = "00:00:00.500", FailuresToDown = 2, SuccessesToUp = 1 },
    };

    [Theory]
    [InlineData("round-robin")]
    [InlineData("weighted")]
    [InlineData("call-id-hash")]
    [InlineData("caller-hash")]
    public async Task Policy_1000Calls_SpreadAsPromised(string policy)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new PoolLab();
        await lab.StartEdgeAsync(new { DefaultPolicy = policy }, ct);
        var folders = new List<string>();
        int[] weights = [50, 30, 20];
        for (var i = 0; i < 3; i++)
        {
            folders.Add(await lab.StartSwitchAsync(lab.SwitchPorts[i], ct));
            await lab.ApiAsync(HttpMethod.Post, "api/dispatcher", new { setId = 1, uri = PoolLab.SwitchUri(lab.SwitchPorts[i]), weight = weights[i], description = $"S{i + 1}" }, ct);
        }

        await lab.WaitAllUpAsync("api/dispatcher", ct);
        string[] callers = policy == "caller-hash" ? [.. Enumerable.Range(0, 30).Select(i => $"agent{i}")] : ["alice"];

        var result = await lab.RunCallerAsync(1000, 250, 0, callers, ct);

        Assert.True(result.Successful == 1000, $"{result.Successful} of 1000 calls succeeded:\n{result.Output}");
        var logs = folders.Select(PoolLab.ReadSwitchLog).ToList();
        var counts = logs.Select(l => l.Invites.Count).ToArray();
        Assert.Equal(1000, counts.Sum());
        switch (policy)
        {
            case "round-robin":
                Assert.All(counts, c => Assert.InRange(c, 333, 334));
                break;
            case "weighted":
                // Smooth weighted round robin repeats every 100 calls: exactly 50:30:20.
                Assert.Equal([500, 300, 200], counts);
                break;
            case "call-id-hash":
                Assert.All(counts, c => Assert.InRange(c, 250, 420));
                break;
            case "caller-hash":
                // Each caller's calls all reached one switch, and the callers are spread.
                var switchesPerCaller = logs.SelectMany((l, s) => l.Callers.Select(c => (Caller: c, Switch: s)))
                    .GroupBy(x => x.Caller).ToDictionary(g => g.Key, g => g.Select(x => x.Switch).Distinct().Count());
                Assert.Equal(30, switchesPerCaller.Count);
                Assert.All(switchesPerCaller.Values, n => Assert.Equal(1, n));
                Assert.All(counts, c => Assert.InRange(c, 100, 600));
                break;
        }
    }

    [Fact]
    public async Task SwitchKilledMidRun_IsRoutedAround_MarkedDownInTime_AndTakesTrafficAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new PoolLab();
        await lab.StartEdgeAsync(FastHealth, ct);
        var folders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            folders.Add(await lab.StartSwitchAsync(lab.SwitchPorts[i], ct));
            await lab.ApiAsync(HttpMethod.Post, "api/dispatcher", new { setId = 1, uri = PoolLab.SwitchUri(lab.SwitchPorts[i]) }, ct);
        }

        await lab.WaitAllUpAsync("api/dispatcher", ct);
        var victim = lab.SwitchPorts[1];
        var victimUri = PoolLab.SwitchUri(victim);

        // 1,000 calls at 50/s (20 s), each held 200 ms.
        var run = lab.RunCallerAsync(1000, 50, 200, ["alice"], ct);
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        await lab.KillSwitchAsync(victim);
        var killedAt = Stopwatch.StartNew();
        while (await lab.HealthOfAsync(victimUri, ct) != "down")
        {
            Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(10), "the killed switch was never marked down");
            await Task.Delay(50, ct);
        }

        var markedDownAfter = killedAt.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var restartedFolder = await lab.StartSwitchAsync(victim, ct);
        var restartedAt = Stopwatch.StartNew();
        while (await lab.HealthOfAsync(victimUri, ct) != "up")
        {
            Assert.True(restartedAt.Elapsed < TimeSpan.FromSeconds(10), "the restarted switch never came back up");
            await Task.Delay(50, ct);
        }

        var result = await run;

        // Probe interval 1 s × threshold 2, plus the 0.5 s a probe waits for its answer.
        Assert.True(markedDownAfter <= TimeSpan.FromSeconds(2.5), $"marked down after {markedDownAfter}");
        var before = PoolLab.ReadSwitchLog(folders[1]);
        var alreadyOnIt = before.Invites.Count(c => !before.Byes.Contains(c));
        var notOnIt = result.Created - alreadyOnIt;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"marked down {markedDownAfter.TotalMilliseconds:F0} ms after the kill, up {restartedAt.Elapsed.TotalMilliseconds:F0} ms after the restart; "
            + $"{result.Successful} of {result.Created} calls succeeded, {result.Failed} failed, {alreadyOnIt} were on the killed switch");
        Assert.True(result.Successful >= 0.999 * notOnIt,
            $"{result.Successful} of {notOnIt} calls not already on the killed switch succeeded ({result.Failed} failed, {alreadyOnIt} were on it):\n{result.Output}");
        Assert.NotEmpty(PoolLab.ReadSwitchLog(restartedFolder).Invites);
    }

    [Fact]
    public async Task Pstn5PerSwitch_SixthConcurrentCallGoesElsewhere_503WhenAllFull_AndByeReleases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new PoolLab();
        await lab.StartEdgeAsync(new { Rules = new[] { new { Group = 1, Resources = "pstn" } } }, ct);
        var folders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            folders.Add(await lab.StartSwitchAsync(lab.SwitchPorts[i], ct));
            await lab.ApiAsync(HttpMethod.Post, "api/lb", new { groupId = 1, uri = PoolLab.SwitchUri(lab.SwitchPorts[i]), resources = "pstn=5;vm=100" }, ct);
        }

        await lab.WaitAllUpAsync("api/lb", ct);

        // 15 calls held 5 s: every switch ends up with exactly 5, none with a sixth.
        var run = lab.RunCallerAsync(15, 30, 5000, ["alice"], ct);
        var deadline = Stopwatch.StartNew();
        while (Used(await lab.ApiAsync(HttpMethod.Get, "api/lb/status", null, ct)).Sum() < 15)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(4), "15 calls were not all up in time");
            await Task.Delay(50, ct);
        }

        var full = Used(await lab.ApiAsync(HttpMethod.Get, "api/lb/status", null, ct));
        Assert.Equal([5, 5, 5], full);
        Assert.Equal(503, await lab.SendSingleInviteAsync(ct));

        var result = await run;
        Assert.Equal(15, result.Successful);
        Assert.All(folders, f => Assert.Equal(5, PoolLab.ReadSwitchLog(f).Invites.Count));
        var released = Used(await lab.ApiAsync(HttpMethod.Get, "api/lb/status", null, ct));
        Assert.Equal([0, 0, 0], released);
    }

    private static int[] Used(System.Text.Json.JsonElement status) =>
        [.. status.GetProperty("destinations").EnumerateArray()
            .Select(d => d.GetProperty("load").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "pstn").GetProperty("used").GetInt32())];
}

[CollectionDefinition("pool-sipp", DisableParallelization = true)]
public sealed class PoolSippGroup
{
}
