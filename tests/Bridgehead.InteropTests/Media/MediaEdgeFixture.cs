using Bridgehead.InteropTests.Browser;
using Bridgehead.InteropTests.Ng;

namespace Bridgehead.InteropTests.Media;

/// <summary>
/// One Bridgehead with the in-process relay (Media:Mode relay, the default), whose default route is
/// a sipp UAS that echoes RTP: calls to users that are not registered go to the echo.
/// </summary>
public sealed class MediaEdgeFixture : IAsyncLifetime
{
    internal SippEcho Echo { get; private set; } = null!;

    internal BridgeheadServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Echo = SippEcho.Start();
        Server = await BridgeheadServer.StartAsync(["alice", "bob", "carol", "dave", "erin", "frank", "grace"], string.Empty, "--default-route", Echo.Uri);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Echo.DisposeAsync();
    }
}

/// <summary>
/// Bridgehead driving a real rtpengine (Debian rtpengine-daemon, userspace) over ng UDP
/// (Media:Mode external) in front of the same sipp echo.
/// </summary>
public sealed class RtpengineEdgeFixture : IAsyncLifetime
{
    internal RtpengineProcess Rtpengine { get; } = new();

    internal SippEcho Echo { get; private set; } = null!;

    internal BridgeheadServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Rtpengine.InitializeAsync();
        Echo = SippEcho.Start();
        Server = await BridgeheadServer.StartAsync(
            ["alice"],
            $$"""
            "Media": { "Mode": "external", "Ng": "{{Rtpengine.NgEndPoint}}" }
            """,
            "--default-route",
            Echo.Uri);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Echo.DisposeAsync();
        await Rtpengine.DisposeAsync();
    }
}
