namespace Bridgehead.Testing.EndToEnd;

/// <summary>Ready-made answers for <see cref="UdpSipClient.Answer"/>.</summary>
public static class SipAnswers
{
    /// <summary>
    /// A next hop that ends every transaction at once: 486 Busy Here for an INVITE (a final
    /// response that needs no dialog), nothing for an ACK, 200 OK for anything else.
    /// </summary>
    public static byte[]? BusyForInviteOkOtherwise(RawSipMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method switch
        {
            "ACK" => null,
            "INVITE" => request.ResponseTo(486, "Busy Here"),
            _ => request.ResponseTo(200, "OK"),
        };
    }
}
