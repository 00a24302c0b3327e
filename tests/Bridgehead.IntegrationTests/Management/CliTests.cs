using System.Diagnostics;
using System.Text.Json;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Management;

/// <summary>
/// `bridgehead dispatcher …` and `bridgehead lb …` against a running `bridgehead run` (both child
/// processes, loopback only): the CLI finds the server and its token through the data folder,
/// changes apply at once, and bad input comes back with every error and a non-zero exit code.
/// </summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bridgehead-cli", Guid.NewGuid().ToString("n"));
    private TestProcess? _server;

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "bridgehead.dll");

    public async ValueTask InitializeAsync()
    {
        var port = FreePorts.Next();
        _server = TestProcess.Start("dotnet", [Dll, "run", "--data", _data, "--listen", $"udp:127.0.0.1:{port}", "--auth", "off", "--management", "127.0.0.1:0", "--log-level", "Warning"]);
        var url = Path.Combine(_data, "management.url");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(url))
        {
            Assert.False(_server.HasExited, $"the server ended at start:\n{_server.Output.Tail(30)}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the server did not write its management URL");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task DispatcherAddListDisableRemove_ThroughTheDataFolder()
    {
        var add = await CliAsync("dispatcher", "add", "1", "sip:10.0.0.10:5060", "--weight", "50", "--description", "FS1");
        Assert.Equal(0, add.Code);
        Assert.Contains("set 1 sip:10.0.0.10:5060 weight 50", add.Out, StringComparison.Ordinal);

        var disable = await CliAsync("dispatcher", "disable", "1", "sip:10.0.0.10:5060");
        Assert.Equal(0, disable.Code);

        var list = await CliAsync("dispatcher", "list", "--json");
        Assert.Equal(0, list.Code);
        var row = JsonDocument.Parse(list.Out).RootElement.GetProperty("destinations").EnumerateArray().Single();
        Assert.Equal("disabled", row.GetProperty("state").GetString());
        Assert.Equal("FS1", row.GetProperty("description").GetString());

        var remove = await CliAsync("dispatcher", "remove", row.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, remove.Code);
        Assert.Empty(JsonDocument.Parse((await CliAsync("dispatcher", "list", "--json")).Out).RootElement.GetProperty("destinations").EnumerateArray());
    }

    [Fact]
    public async Task DispatcherAdd_BadInput_ListsEveryErrorAndFails()
    {
        var add = await CliAsync("dispatcher", "add", "-1", "http://10.0.0.10", "--weight", "5000");

        Assert.Equal(2, add.Code);
        Assert.Contains("setId:", add.Err, StringComparison.Ordinal);
        Assert.Contains("uri:", add.Err, StringComparison.Ordinal);
        Assert.Contains("weight:", add.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LbAddAndStatus_ShowResourcesAsWritten()
    {
        Assert.Equal(0, (await CliAsync("lb", "add", "1", "sip:172.16.100.10", "vm=100;conf=100;transc=100;pstn=500", "--description", "FS1")).Code);

        var status = await CliAsync("lb", "status");

        Assert.Equal(0, status.Code);
        Assert.Contains("pstn=0/500", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_IsRefused()
    {
        var url = (await File.ReadAllTextAsync(Path.Combine(_data, "management.url"), TestContext.Current.CancellationToken)).Trim();
        var list = await CliAsync(withData: false, "dispatcher", "list", "--server", url, "--token", "not-the-token");

        Assert.NotEqual(0, list.Code);
        Assert.Contains("401", list.Err, StringComparison.Ordinal);
    }

    private Task<(int Code, string Out, string Err)> CliAsync(params string[] args) => CliAsync(withData: true, args);

    private async Task<(int Code, string Out, string Err)> CliAsync(bool withData, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (withData)
        {
            info.ArgumentList.Add("--data");
            info.ArgumentList.Add(_data);
        }

        using var cli = Process.Start(info)!;
        var output = cli.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = cli.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await cli.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            cli.Kill();
            throw;
        }

        return (cli.ExitCode, await output, await error);
    }
}
