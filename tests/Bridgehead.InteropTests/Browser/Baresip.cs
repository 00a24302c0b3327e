using System.Globalization;

namespace Bridgehead.InteropTests.Browser;

/// <summary>
/// A headless baresip 1.0 configuration (Debian baresip-core): no sound card (a sine source and
/// aubridge as a sink), one account, SIP on 127.0.0.1 only (a lo-only namespace has no default-route
/// address, so net_interface names the address).
/// </summary>
internal static class Baresip
{
    public static string WriteConfig(string account, int sipPort)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bh-baresip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var port = sipPort.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(dir, "config"), $"""
            poll_method epoll
            net_interface 127.0.0.1
            sip_listen 127.0.0.1:{port}
            call_local_timeout 30
            audio_player aubridge,null{port}
            audio_alert aubridge,null{port}
            audio_source ausine,440
            ausrc_srate 48000
            auplay_srate 48000
            ausrc_channels 2
            rtp_ports 10000-10999
            module_path /usr/lib/baresip/modules
            module g711.so
            module ausine.so
            module aubridge.so
            module_tmp uuid.so
            module_tmp account.so
            module_app menu.so

            """);
        File.WriteAllText(Path.Combine(dir, "accounts"), account + "\n");
        File.WriteAllText(Path.Combine(dir, "contacts"), string.Empty);
        return dir;
    }
}
