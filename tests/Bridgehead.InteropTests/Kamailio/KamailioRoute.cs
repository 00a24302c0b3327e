namespace Bridgehead.InteropTests.Kamailio;

/// <summary>
/// What the Kamailio of an interop test does with a call: takes INVITEs on <see cref="SipPort"/>,
/// sends every request on to the callee's sipp on <see cref="UasPort"/>, and has its rtpengine
/// module ask the ng server on <see cref="NgPort"/> with these flag strings (ng-protocol §5).
/// </summary>
internal sealed record KamailioRoute(int SipPort, int UasPort, int NgPort, string OfferFlags, string AnswerFlags)
{
    /// <summary>kamailio.cfg: one UDP listener, one worker, stateful relay, rtpengine_offer/answer/delete around the call.</summary>
    public string Config() => $$"""
        #!KAMAILIO
        debug=2
        log_stderror=yes
        fork=yes
        children=1
        listen=udp:127.0.0.1:{{SipPort}}
        disable_tcp=yes
        auto_aliases=no
        alias="127.0.0.1:{{SipPort}}"
        dns=no
        rev_dns=no
        use_dns_cache=off

        mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
        loadmodule "tm.so"
        loadmodule "sl.so"
        loadmodule "rr.so"
        loadmodule "pv.so"
        loadmodule "maxfwd.so"
        loadmodule "textops.so"
        loadmodule "siputils.so"
        loadmodule "rtpengine.so"

        modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:{{NgPort}}")
        modparam("rtpengine", "rtpengine_tout_ms", 1000)
        modparam("tm", "fr_timer", 5000)

        request_route {
            if (!mf_process_maxfwd_header("10")) {
                sl_send_reply("483", "Too Many Hops");
                exit;
            }
            if (has_totag()) {
                if (is_method("BYE")) {
                    rtpengine_delete();
                }
                # SIPp's built-in UAC sends in-dialog requests without Route: send them on anyway.
                if (!loose_route()) {
                    $du = "sip:127.0.0.1:{{UasPort}}";
                }
                t_relay();
                exit;
            }
            t_check_trans();
            if (is_method("INVITE")) {
                record_route();
                if (has_body("application/sdp")) {
                    rtpengine_offer("{{OfferFlags}}");
                }
                t_on_reply("MEDIA_REPLY");
            }
            $du = "sip:127.0.0.1:{{UasPort}}";
            if (!t_relay()) sl_reply_error();
            exit;
        }

        onreply_route[MEDIA_REPLY] {
            if (status =~ "^2[0-9][0-9]$" && has_body("application/sdp")) {
                rtpengine_answer("{{AnswerFlags}}");
            }
        }
        """;
}
