using Bridgehead.Storage.Subscribers;

namespace Bridgehead.Storage.Memory;

/// <summary>A subscriber store held in process memory, with the durable stores' key rules.</summary>
public sealed class InMemorySubscriberStore : ISubscriberStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<SubscriberKey, SubscriberRecord> subscribers = new(SubscriberKey.Comparer);

    public Task<SubscriberRecord?> FindAsync(string username, string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(subscribers.GetValueOrDefault(new SubscriberKey(username, domain)));
        }
    }

    public Task<bool> AddOrUpdateAsync(SubscriberRecord subscriber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        subscriber.ThrowIfInvalid();
        cancellationToken.ThrowIfCancellationRequested();
        var key = new SubscriberKey(subscriber.Username, subscriber.Domain);
        lock (gate)
        {
            if (subscribers.TryGetValue(key, out var existing))
            {
                subscribers[key] = subscriber with { Domain = existing.Domain, CreatedAt = existing.CreatedAt };
                return Task.FromResult(false);
            }

            subscribers.Add(key, subscriber);
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveAsync(string username, string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(subscribers.Remove(new SubscriberKey(username, domain)));
        }
    }

    public Task<IReadOnlyList<SubscriberRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<SubscriberRecord> all;
        lock (gate)
        {
            all = [.. subscribers.Values];
        }

        all.Sort(static (a, b) =>
        {
            var byDomain = SubscriberKey.CompareDomains(a.Domain, b.Domain);
            return byDomain != 0 ? byDomain : string.CompareOrdinal(a.Username, b.Username);
        });
        return Task.FromResult<IReadOnlyList<SubscriberRecord>>(all);
    }
}
