using Bridgehead.AppNode.Diagnostics;
using Bridgehead.Sip;

namespace Bridgehead.Doctor.Softphone;

internal sealed partial class DoctorSoftphone
{
    private string? _registerCallId;
    private string? _registerTag;
    private uint _registerSequence;

    /// <summary>REGISTERs this phone's Contact (expires 0 un-registers), answering one digest challenge.</summary>
    public async Task<RegistrationObservation> RegisterAsync(int expires, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _registerCallId ??= _ids.CallId(Local.Host);
        _registerTag ??= _ids.Tag();
        var requestUri = $"sip:{Domain}";
        var request = new SoftphoneRequest(SipMethod.Register, requestUri, $"{AddressOfRecord};tag={_registerTag}", AddressOfRecord, _registerCallId, ++_registerSequence)
        {
            Contact = Local.ContactFor(User),
            Expires = expires,
        };
        var (response, _) = await TransactAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        var authenticated = false;
        if (response is { StatusCode: 401 or 407 } && DigestAnswer.For(response, SipMethod.Register, requestUri, User, _password, _ids.Tag()) is { } credentials)
        {
            authenticated = true;
            request = request with { Sequence = ++_registerSequence, Credentials = credentials };
            (response, _) = await TransactAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        }

        return new RegistrationObservation
        {
            Name = Name,
            Kind = PeerKind.Softphone,
            FinalStatus = response?.StatusCode,
            ReasonPhrase = response is null ? null : Text(response.ReasonPhrase),
            Authenticated = authenticated,
        };
    }
}
