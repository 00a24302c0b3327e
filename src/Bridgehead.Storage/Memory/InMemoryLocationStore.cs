using Bridgehead.Storage.Location;

namespace Bridgehead.Storage.Memory;

/// <summary>
/// A location store held in process memory: bindings survive nothing, which is what a lab or a
/// test wants. Changes are atomic per AOR like the durable stores'; "durable" here means applied.
/// </summary>
public sealed class InMemoryLocationStore : ILocationStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, BindingRecord>> bindings = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<BindingRecord>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<BindingRecord>();
        lock (gate)
        {
            foreach (var contacts in bindings.Values)
            {
                foreach (var binding in contacts.Values)
                {
                    if (!binding.IsExpiredAt(now))
                    {
                        result.Add(binding);
                    }
                }
            }
        }

        // The same order as the SQL stores' primary key, so callers see one behaviour.
        result.Sort(static (a, b) =>
        {
            var byAor = string.CompareOrdinal(a.Aor, b.Aor);
            return byAor != 0 ? byAor : string.CompareOrdinal(a.ContactUri, b.ContactUri);
        });
        return Task.FromResult<IReadOnlyList<BindingRecord>>(result);
    }

    public ValueTask SaveAsync(LocationChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        lock (gate)
        {
            bindings.TryGetValue(change.Aor, out var contacts);
            foreach (var operation in change.Operations)
            {
                switch (operation.Kind)
                {
                    case LocationOperationKind.Upsert:
                        if (contacts is null)
                        {
                            contacts = new Dictionary<string, BindingRecord>(StringComparer.Ordinal);
                            bindings.Add(change.Aor, contacts);
                        }

                        contacts[operation.ContactUri!] = operation.Binding!;
                        break;
                    case LocationOperationKind.Remove:
                        contacts?.Remove(operation.ContactUri!);
                        break;
                    case LocationOperationKind.RemoveAll:
                        contacts?.Clear();
                        break;
                }
            }

            if (contacts is { Count: 0 })
            {
                bindings.Remove(change.Aor);
            }
        }

        return ValueTask.CompletedTask;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var purged = 0;
        lock (gate)
        {
            List<string>? emptied = null;
            foreach (var (aor, contacts) in bindings)
            {
                foreach (var (contact, binding) in contacts)
                {
                    if (binding.IsExpiredAt(now))
                    {
                        contacts.Remove(contact); // removing the current entry while enumerating is allowed
                        purged++;
                    }
                }

                if (contacts.Count == 0)
                {
                    (emptied ??= []).Add(aor);
                }
            }

            foreach (var aor in emptied ?? [])
            {
                bindings.Remove(aor);
            }
        }

        return Task.FromResult(purged);
    }
}
