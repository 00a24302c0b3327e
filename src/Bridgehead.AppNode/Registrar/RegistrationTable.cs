namespace Bridgehead.AppNode.Registrar;

/// <summary>
/// The node's registrations in memory, by user. A switch keeps them in its database; here a
/// restart forgets them and the users' next refresh (through the edge) restores them. Readers
/// get a snapshot; writers hold one lock. Expired bindings are dropped when touched and by
/// <see cref="Purge"/>.
/// </summary>
public sealed class RegistrationTable
{
    private readonly Dictionary<string, List<Registration>> _byUser = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byUser.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>The live bindings of a user, most recently refreshed first.</summary>
    public IReadOnlyList<Registration> Lookup(string user, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(user, out var list))
            {
                return [];
            }

            list.RemoveAll(r => r.Expires <= now);
            return [.. list];
        }
    }

    /// <summary>Every live binding (for listings).</summary>
    public IReadOnlyList<Registration> All(DateTimeOffset now)
    {
        lock (_lock)
        {
            return [.. _byUser.Values.SelectMany(l => l).Where(r => r.Expires > now)];
        }
    }

    /// <summary>Runs <paramref name="change"/> on a user's bindings under the table's lock (one REGISTER at a time per table).</summary>
    public T Update<T>(string user, DateTimeOffset now, Func<List<Registration>, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            if (!_byUser.TryGetValue(user, out var list))
            {
                list = [];
                _byUser[user] = list;
            }

            list.RemoveAll(r => r.Expires <= now);
            var result = change(list);
            if (list.Count == 0)
            {
                _byUser.Remove(user);
            }

            return result;
        }
    }

    /// <summary>Drops expired bindings; returns how many.</summary>
    public int Purge(DateTimeOffset now)
    {
        lock (_lock)
        {
            var removed = 0;
            foreach (var (user, list) in _byUser.ToArray())
            {
                removed += list.RemoveAll(r => r.Expires <= now);
                if (list.Count == 0)
                {
                    _byUser.Remove(user);
                }
            }

            return removed;
        }
    }
}
