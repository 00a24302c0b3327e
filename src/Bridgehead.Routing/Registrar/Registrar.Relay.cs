using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing.Registrar;

public sealed partial class Registrar
{
    /// <summary>
    /// Checks a REGISTER the edge is about to relay (forward mode) as it would check one of its
    /// own (RFC 3261 §10.3 steps 5–6): false, with the error answered, when it would be refused.
    /// </summary>
    public bool Validate(ServerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = Plan(transaction.Request, out _, out _);
        if (result.Status == 0)
        {
            return true;
        }

        Reply(transaction, result);
        return false;
    }

    /// <summary>
    /// The switch answered a relayed REGISTER with 2xx (forward mode): the bindings are saved as
    /// the user asked for them — its own contact, its connection, the source of the REGISTER — for
    /// the time the switch granted (<paramref name="granted"/> by contact URI, else
    /// <paramref name="headerExpires"/> when not -1, else what was asked). True when saved (the
    /// caller then passes the switch's answer on); false when an answer of the edge's went out.
    /// </summary>
    public Task<bool> SaveRelayedAsync(ServerTransaction transaction, string listenerName, IReadOnlyDictionary<string, int> granted, int headerExpires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(granted);
        var result = Plan(transaction.Request, out var aor, out var plan);
        if (result.Status != 0)
        {
            Reply(transaction, result);
            return Refused;
        }

        for (var i = 0; i < plan.Contacts.Count; i++)
        {
            var contact = plan.Contacts[i];
            var seconds = granted.TryGetValue(contact.Uri, out var g) ? g : headerExpires >= 0 ? headerExpires : contact.Expires;
            plan.Contacts[i] = contact with { Expires = Math.Clamp(seconds, 0, _options.MaxExpires) };
        }

        return SaveAsync(transaction, aor, plan, listenerName, answer: false, cancellationToken);
    }
}
