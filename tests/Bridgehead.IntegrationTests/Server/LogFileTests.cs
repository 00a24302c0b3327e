using System.Net;
using System.Text;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>The server's own log file (data/logs/bridgehead.log): what it records, and rotation at a configured size.</summary>
[Collection(ServerProcesses.Name)]
public sealed class LogFileTests
{
    [Fact]
    public async Task LogFile_AboveItsConfiguredSize_RollsOverKeepingTheConfiguredNumberOfFiles()
    {
        using var directory = new TestDirectory("logroll");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:{endPoint}"],
            Settings = new Dictionary<string, string>
            {
                ["Logging:File:MaxBytes"] = "4096",
                ["Logging:File:Keep"] = "2",
            },
        });
        var logs = Path.GetDirectoryName(server.LogFile)!;

        // Each malformed request is one log line ("Rejected a request from ...: BadCSeq").
        await using var client = new UdpSipClient(endPoint);
        for (var i = 0; i < 300; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes(
                $"OPTIONS sip:{endPoint} SIP/2.0\r\nVia: SIP/2.0/UDP {client.HostPort};branch=z9hG4bK{i};rport\r\n" +
                $"From: <sip:a@127.0.0.1>;tag={i}\r\nTo: <sip:{endPoint}>\r\nCall-ID: roll-{i}\r\nCSeq: x OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"));
            if (i % 50 == 49)
            {
                await client.ExpectAsync(m => m.CallId == $"roll-{i}", Patience.Answer, "the 400 of the last request of a batch");
            }
        }

        Assert.Equal(0, await server.StopAsync());

        var files = Directory.GetFiles(logs).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["bridgehead.log", "bridgehead.log.1", "bridgehead.log.2"], files);
        foreach (var file in files)
        {
            var length = new FileInfo(Path.Combine(logs, file)).Length;
            Assert.InRange(length, 1, 4096);
        }

        var newest = await File.ReadAllTextAsync(server.LogFile, TestContext.Current.CancellationToken);
        Assert.Contains("Application is shutting down", newest, StringComparison.Ordinal);
        var rolled = await File.ReadAllTextAsync(server.LogFile + ".1", TestContext.Current.CancellationToken);
        Assert.Contains("BadCSeq", rolled, StringComparison.Ordinal);
    }
}
