using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Bridgehead.Storage.Location;

namespace Bridgehead.Routing.Registrar;

/// <summary>
/// The registrar's in-memory view of the location store: every AOR's bindings as an immutable
/// array swapped atomically, so lookups on the call path never lock or touch the database.
/// Changes are applied here only after the store made them durable.
/// </summary>
/// <remarks>
/// The table holds the arrays themselves, not <see cref="ImmutableArray{T}"/> values: a struct
/// value cannot be written atomically, so the dictionary would allocate a new node on every
/// refresh — one more object per REGISTER to outlive the young generation. Arrays stored here
/// are never written after they are stored.
/// </remarks>
public sealed class LocationTable
{
    private readonly ConcurrentDictionary<string, BindingRecord[]> _byAor = new(StringComparer.Ordinal);

    // Requests addressed to a contact itself (in-dialog requests to a WebSocket or NATed UA) are
    // routed to where that contact registered from.
    private readonly ConcurrentDictionary<string, BindingRecord> _byContact = new(StringComparer.Ordinal);

    public int AorCount => _byAor.Count;

    public int BindingCount
    {
        get
        {
            var n = 0;
            foreach (var entry in _byAor)
            {
                n += entry.Value.Length;
            }

            return n;
        }
    }

    /// <summary>The bindings of an AOR (expired ones included; callers filter by time).</summary>
    public ImmutableArray<BindingRecord> Lookup(string aor) =>
        _byAor.TryGetValue(aor, out var bindings) ? ImmutableCollectionsMarshal.AsImmutableArray(bindings) : [];

    /// <summary>Every binding, for the management API and for connection leases.</summary>
    public IEnumerable<BindingRecord> All()
    {
        foreach (var entry in _byAor)
        {
            foreach (var binding in entry.Value)
            {
                yield return binding;
            }
        }
    }

    /// <summary>The binding registered with exactly this contact URI, if any.</summary>
    public BindingRecord? FindByContact(string contactUri) => _byContact.GetValueOrDefault(contactUri);

    /// <summary>The binding registered with exactly this contact URI (UTF-8 bytes), without allocating.</summary>
    public BindingRecord? FindByContact(ReadOnlySpan<byte> contactUri)
    {
        if (_byContact.IsEmpty || contactUri.Length > 2048)
        {
            return null;
        }

        Span<char> chars = stackalloc char[contactUri.Length];
        var n = System.Text.Encoding.UTF8.GetChars(contactUri, chars);
        return _byContact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..n], out var binding) ? binding : null;
    }

    public void Load(IEnumerable<BindingRecord> bindings)
    {
        foreach (var group in bindings.GroupBy(b => b.Aor, StringComparer.Ordinal))
        {
            _byAor[group.Key] = [.. group];
            foreach (var b in group)
            {
                _byContact[b.ContactUri] = b;
            }
        }
    }

    /// <summary>The bindings an AOR has once <paramref name="change"/> is applied to <paramref name="before"/>.</summary>
    public static ImmutableArray<BindingRecord> After(ImmutableArray<BindingRecord> before, LocationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Operations is [{ Kind: LocationOperationKind.Upsert, Binding: { } binding }])
        {
            // A refresh or a first registration, nearly every REGISTER: one new array.
            var at = IndexOf(before, binding.ContactUri);
            return at >= 0 ? before.SetItem(at, binding) : before.Add(binding);
        }

        var bindings = before.ToBuilder();
        foreach (var operation in change.Operations)
        {
            switch (operation.Kind)
            {
                case LocationOperationKind.Upsert:
                    var index = IndexOf(bindings, operation.Binding!.ContactUri);
                    if (index >= 0)
                    {
                        bindings[index] = operation.Binding;
                    }
                    else
                    {
                        bindings.Add(operation.Binding);
                    }

                    break;
                case LocationOperationKind.Remove:
                    var removeAt = IndexOf(bindings, operation.ContactUri!);
                    if (removeAt >= 0)
                    {
                        bindings.RemoveAt(removeAt);
                    }

                    break;
                case LocationOperationKind.RemoveAll:
                    bindings.Clear();
                    break;
            }
        }

        return bindings.ToImmutable();
    }

    /// <summary>Applies a change the store has made durable. One writer per AOR (the registrar's AOR lock).</summary>
    public void Apply(LocationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var before = Lookup(change.Aor);
        var after = After(before, change);
        if (change.Operations is [{ Kind: LocationOperationKind.Upsert, Binding: { } binding }])
        {
            // The contact index updated in place (no removal and re-insertion of its entry).
            _byAor[change.Aor] = ImmutableCollectionsMarshal.AsArray(after)!;
            _byContact[binding.ContactUri] = binding;
            return;
        }

        if (after.IsEmpty)
        {
            _byAor.TryRemove(change.Aor, out _);
        }
        else
        {
            _byAor[change.Aor] = ImmutableCollectionsMarshal.AsArray(after)!;
        }

        // Contacts that stay are overwritten below, not removed first (a lookup never misses them);
        // a removal takes an entry only while it still points at this AOR's old binding, since the
        // same contact may have been registered to another AOR after it.
        foreach (var old in before)
        {
            if (IndexOf(after, old.ContactUri) < 0)
            {
                _byContact.TryRemove(new KeyValuePair<string, BindingRecord>(old.ContactUri, old));
            }
        }

        foreach (var current in after)
        {
            _byContact[current.ContactUri] = current;
        }
    }

    /// <summary>Drops expired bindings; returns how many went.</summary>
    public int PurgeExpired(DateTimeOffset now)
    {
        var removed = 0;
        foreach (var entry in _byAor)
        {
            var live = Array.FindAll(entry.Value, b => !b.IsExpiredAt(now));
            if (live.Length == entry.Value.Length)
            {
                continue;
            }

            // Only replace the array we looked at; a concurrent registration wins.
            if (live.Length == 0 ? _byAor.TryRemove(new KeyValuePair<string, BindingRecord[]>(entry.Key, entry.Value)) : _byAor.TryUpdate(entry.Key, live, entry.Value))
            {
                removed += entry.Value.Length - live.Length;
                foreach (var b in entry.Value)
                {
                    if (b.IsExpiredAt(now))
                    {
                        _byContact.TryRemove(new KeyValuePair<string, BindingRecord>(b.ContactUri, b));
                    }
                }
            }
        }

        return removed;
    }

    // Generic so that an ImmutableArray (a struct) is not boxed; its builder works the same.
    private static int IndexOf<TList>(TList bindings, string contactUri)
        where TList : IReadOnlyList<BindingRecord>
    {
        for (var i = 0; i < bindings.Count; i++)
        {
            if (string.Equals(bindings[i].ContactUri, contactUri, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
