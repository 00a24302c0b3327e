using System.Net;
using System.Text;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Location;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    private static readonly byte[] Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, PRACK, UPDATE, SUBSCRIBE, NOTIFY, REFER, MESSAGE"u8.ToArray();

    /// <summary>Sends a response the edge itself generates, through the request's server transaction.</summary>
    internal void RespondLocally(ServerTransaction transaction, int status, string reason, HeaderId extraHeader = HeaderId.Unknown, string? extraValue = null)
    {
        var request = transaction.Request;
        using var writer = SipResponses.Start(request, status, reason, transaction.Source.EndPoint, status > 100 ? Tags.For(request) : default);
        if (extraValue is not null)
        {
            writer.WriteHeader(extraHeader, extraValue);
        }

        writer.WriteHeader(HeaderId.Server, ProxyOptions.ServerHeader);
        writer.WriteBody(default);
        Metrics.Responded(status);
        transaction.SendResponse(status, writer.ToArray());
    }

    /// <summary>OPTIONS for the edge itself (keep-alive pings, monitoring): 200 with capabilities (RFC 3261 §11.2).</summary>
    private void RespondToOptions(ServerTransaction transaction)
    {
        var request = transaction.Request;
        using var writer = SipResponses.Start(request, 200, "OK"u8, transaction.Source.EndPoint, Tags.For(request));
        writer.WriteHeader(HeaderId.Allow, Allow);
        writer.WriteHeader(HeaderId.Accept, "application/sdp"u8);
        writer.WriteHeader(HeaderId.Supported, "path, outbound"u8);
        writer.WriteHeader(HeaderId.Server, ProxyOptions.ServerHeader);
        writer.WriteBody(default);
        Metrics.Responded(200);
        transaction.SendResponse(200, writer.ToArray());
    }

    private void Challenge(ServerTransaction transaction, bool registrar, bool stale)
    {
        var request = transaction.Request;
        var status = registrar ? 401 : 407;
        using var writer = SipResponses.Start(request, status, registrar ? "Unauthorized"u8 : "Proxy Authentication Required"u8, transaction.Source.EndPoint, Tags.For(request));
        Authenticator.WriteChallenges(writer, registrar ? HeaderId.WwwAuthenticate : HeaderId.ProxyAuthenticate, stale);
        writer.WriteHeader(HeaderId.Server, ProxyOptions.ServerHeader);
        writer.WriteBody(default);
        Metrics.Responded(status);
        transaction.SendResponse(status, writer.ToArray());
    }

    /// <summary>CANCEL (RFC 3261 §16.10): 200 for the CANCEL itself, then the INVITE's branches are cancelled.</summary>
    private void HandleCancel(ServerTransaction cancel, ServerTransaction? invite)
    {
        if (invite is null)
        {
            RespondLocally(cancel, 481, "Call/Transaction Does Not Exist");
            return;
        }

        RespondLocally(cancel, 200, "OK");
        if (invite.UserState is ProxyContext context)
        {
            context.Cancel();
        }
        else if (!invite.HasFinalResponse)
        {
            RespondLocally(invite, 487, "Request Terminated");
        }
    }

    /// <summary>RFC 3261 §16.3 step 4: a Via of ours whose branch hashes like this request means it came back unchanged.</summary>
    private bool IsLoop(SipMessage request)
    {
        ulong? hash = null;
        foreach (var value in request.Values(HeaderId.Via))
        {
            if (!Via.TryParse(value.Memory, out var via) || !Local.IsMe(via)
                || !BranchGenerator.TryReadLoopHash(via.Branch.Span, out var earlier))
            {
                continue;
            }

            hash ??= BranchGenerator.LoopHash(request);
            if (earlier == hash)
            {
                return true;
            }
        }

        return false;
    }

    private string? UnsupportedProxyRequire(SipMessage request)
    {
        List<string>? unsupported = null;
        foreach (var value in request.Values(HeaderId.ProxyRequire))
        {
            var tag = Encoding.UTF8.GetString(value.Span);
            if (!ProxyOptions.SupportedExtensions.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                (unsupported ??= []).Add(tag);
            }
        }

        return unsupported is null ? null : string.Join(", ", unsupported);
    }

    /// <summary>A Request-URI naming the edge itself, not a user (sip:edge.example.com, sip:10.0.0.1:5060).</summary>
    private bool IsAddressedToMe(in SipUri uri) => uri.IsSip && !uri.HasUser && Local.IsLocalHost(uri.Host.Span);

    /// <summary>A request whose From is one of our users: it must authenticate (Kamailio's default policy).</summary>
    private bool IsFromLocalUser(SipMessage request) => request.From.Uri.IsSip && Local.IsLocalHost(request.From.Uri.Host.Span);

    private string ListenerName(in SipDestination source) => Local.Listener(source.ListenerId)?.Name ?? source.Transport.Scheme();

    /// <summary>
    /// Where a registered contact is reached: over the connection it registered on (streams), or
    /// at the address its REGISTER came from — the NAT's public side (fix_nated_contact).
    /// </summary>
    internal SipDestination? BindingDestination(BindingRecord binding)
    {
        if (!IPEndPoint.TryParse(binding.Source, out var source))
        {
            return null;
        }

        var listenerId = -1;
        foreach (var l in Local.Listeners)
        {
            if (string.Equals(l.Name, binding.LocalListener, StringComparison.Ordinal))
            {
                listenerId = l.Id;
                break;
            }
        }

        return new SipDestination(binding.Transport, source, binding.ConnectionId, listenerId);
    }

    /// <summary>A target URI that is a registered contact goes where that contact registered from.</summary>
    private SipDestination? ContactDestination(in SipUri target)
    {
        var binding = Registrar.Table.FindByContact(target.Text.Span);
        return binding is null || binding.IsExpiredAt(Time.GetUtcNow()) ? null : BindingDestination(binding);
    }

    private async ValueTask<SipDestination?> ResolveAsync(SipUri uri)
    {
        if (ContactDestination(uri) is { } contact)
        {
            return contact;
        }

        var transport = NextHop.TransportOf(uri);
        if (transport.IsWebSocket())
        {
            // RFC 7118 §5: nobody dials a WebSocket client; without its connection it is unreachable.
            return null;
        }

        return await NextHop.ResolveAsync(uri, CancellationToken.None).ConfigureAwait(false);
    }
}
