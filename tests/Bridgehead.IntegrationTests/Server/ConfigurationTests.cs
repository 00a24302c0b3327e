using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// Every setting comes from the JSON file of --config, BRIDGEHEAD_ environment variables or flags
/// (in rising precedence), and a bad configuration stops start-up with every error listed.
/// </summary>
[Collection(ServerProcesses.Name)]
public sealed class ConfigurationTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ConfigFileWithSeveralErrors_ListsEveryOneAndExitsWithTwo()
    {
        using var directory = new TestDirectory("badconfig");
        var file = directory["bridgehead.json"];
        await File.WriteAllTextAsync(file, """
            {
              "Sip": {
                "Transport": { "Listen": [ "bogus:127.0.0.1:5070", "udp:127.0.0.1:99999" ], "MaxMessageSize": 10 },
                "Timers": { "T1": "00:00:00.001" }
              },
              "Registrar": { "MinExpires": 7200, "MaxExpires": 3600 },
              "Auth": { "Algorithms": [ "SHA-1" ] },
              "Proxy": { "DefaultRoute": "mailto:ops@example.com" },
              "Storage": { "Provider": "oracle" }
            }
            """, TestContext.Current.CancellationToken);
        await using var server = BridgeheadProcess.Launch(new BridgeheadStart(directory["data"]) { ConfigFile = file });

        Assert.Equal(2, await server.WaitForExitAsync(ExitPatience));

        var output = server.Console.Text;
        Assert.Contains("the configuration has errors", output, StringComparison.Ordinal);
        foreach (var fault in new[] { "'bogus:127.0.0.1:5070'", "99999", "MaxMessageSize is 10", "'T1'", "Registrar:MinExpires (7200)", "'SHA-1'", "'mailto:ops@example.com'", "'oracle'" })
        {
            Assert.Contains(fault, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadValuesFromEnvironmentAndFlags_AreListedTogether()
    {
        using var directory = new TestDirectory("badenv");
        await using var server = BridgeheadProcess.Launch(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:127.0.0.1:{FreePorts.Next()}"],
            Arguments = ["--default-route", "tel:+15551234"],
            Settings = new Dictionary<string, string>
            {
                ["Sip:Transport:IdleTimeout"] = "banana",
                ["Registrar:MaxContacts"] = "0",
            },
        });

        Assert.Equal(2, await server.WaitForExitAsync(ExitPatience));

        var output = server.Console.Text;
        Assert.Contains("'banana' at 'Sip:Transport:IdleTimeout'", output, StringComparison.Ordinal);
        Assert.Contains("MaxContacts", output, StringComparison.Ordinal);
        Assert.Contains("'tel:+15551234'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"Proxy\": ", "Failed to load configuration")]
    [InlineData(null, "was not found")]
    public async Task Run_UnreadableConfigFile_SaysSoAndExitsWithTwo(string? content, string message)
    {
        using var directory = new TestDirectory("brokenjson");
        var file = directory["bridgehead.json"];
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);
        }

        await using var server = BridgeheadProcess.Launch(new BridgeheadStart(directory["data"]) { ConfigFile = file });

        Assert.Equal(2, await server.WaitForExitAsync(ExitPatience));
        Assert.Contains(message, server.Console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SettingsInFileEnvironmentAndFlags_EnvironmentBeatsFileAndFlagsBeatBoth()
    {
        using var directory = new TestDirectory("layers");
        var (filePort, environmentPort, flagPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var file = directory["bridgehead.json"];
        await File.WriteAllTextAsync(file, $$"""
            {
              "Sip": { "Transport": { "Listen": [ "udp:127.0.0.1:{{filePort}}" ] } },
              "Registrar": { "MinExpires": 120 },
              "Proxy": { "Domains": [ "example.com" ] },
              "Auth": { "Enabled": false }
            }
            """, TestContext.Current.CancellationToken);
        var fromFile = new IPEndPoint(IPAddress.Loopback, filePort);
        var fromEnvironment = new IPEndPoint(IPAddress.Loopback, environmentPort);
        var fromFlag = new IPEndPoint(IPAddress.Loopback, flagPort);
        var start = new BridgeheadStart(directory["data"])
        {
            ConfigFile = file,
            Settings = new Dictionary<string, string> { ["Sip:Transport:Listen:0"] = $"udp:{fromEnvironment}" },
            Probes = [$"udp:{fromEnvironment}"],
        };

        await using (var server = await BridgeheadProcess.StartAsync(start))
        {
            Assert.True(await SipProbe.UdpIsSilentAsync(fromFile));

            // The file still counts where the environment says nothing: Registrar:MinExpires and auth off.
            await using var client = new UdpSipClient(fromEnvironment);
            var brief = await SipProbe.RegisterAsync(client, "alice", "example.com", expires: 60);
            Assert.Equal(423, brief.StatusCode);
            Assert.Equal("120", brief.Header("Min-Expires"));
            Assert.Equal(200, (await SipProbe.RegisterAsync(client, "alice", "example.com", expires: 600)).StatusCode);
            Assert.Equal(0, await server.StopAsync());
        }

        await using var flagged = await BridgeheadProcess.StartAsync(start with { Listen = [$"udp:{fromFlag}"], Probes = null });
        Assert.Equal(200, (await SipProbe.UdpOptionsAsync(fromFlag)).StatusCode);
        Assert.True(await SipProbe.UdpIsSilentAsync(fromEnvironment));
        Assert.True(await SipProbe.UdpIsSilentAsync(fromFile));
    }

    [Fact]
    public async Task Run_ConfiguredList_ReplacesTheDefaultList()
    {
        // Auth:Algorithms defaults to MD5, SHA-256; a deployment whose phones all do SHA-256 says so.
        using var directory = new TestDirectory("listsetting");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:{endPoint}"],
            Settings = new Dictionary<string, string> { ["Auth:Algorithms:0"] = "SHA-256" },
        });
        await using var client = new UdpSipClient(endPoint);

        var challenge = await SipProbe.RegisterAsync(client, "alice", "127.0.0.1");

        Assert.Equal(401, challenge.StatusCode);
        var offered = Assert.Single(challenge.HeaderValues("WWW-Authenticate"));
        Assert.Contains("algorithm=SHA-256", offered, StringComparison.Ordinal);
    }
}
