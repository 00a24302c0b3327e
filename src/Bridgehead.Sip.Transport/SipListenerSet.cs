using System.Collections;
using System.Net;

namespace Bridgehead.Sip.Transport;

/// <summary>All listeners of this transport, in configuration order.</summary>
public sealed class SipListenerSet : IReadOnlyList<SipListener>
{
    private readonly SipListener[] _listeners;

    public SipListenerSet(IEnumerable<ListenAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _listeners = addresses.Select((a, i) => new SipListener(i + 1, a)).ToArray();
    }

    public int Count => _listeners.Length;

    public SipListener this[int index] => _listeners[index];

    /// <summary>The listener with this id, or null.</summary>
    public SipListener? Find(int id) => id >= 1 && id <= _listeners.Length ? _listeners[id - 1] : null;

    /// <summary>
    /// The listener to send from to <paramref name="destination"/> over <paramref name="transport"/>:
    /// the first of that transport and address family, preferring a specific address over a wildcard
    /// so the source address matches what is advertised.
    /// </summary>
    public SipListener? Select(SipTransportKind transport, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var family = destination.AddressFamily;
        SipListener? wildcard = null;
        foreach (var listener in _listeners)
        {
            if (listener.Transport != transport || listener.AddressFamily != family)
            {
                continue;
            }

            // A loopback-bound listener cannot reach a remote host, and vice versa is fine.
            if (IPAddress.IsLoopback(listener.Address.EndPoint.Address) && !IPAddress.IsLoopback(destination))
            {
                continue;
            }

            if (!listener.IsWildcard)
            {
                return listener;
            }

            wildcard ??= listener;
        }

        return wildcard;
    }

    /// <summary>True when <paramref name="listener"/> can send to <paramref name="destination"/>.</summary>
    public static bool CanReach(SipListener listener, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(destination);
        return listener.AddressFamily == destination.AddressFamily &&
            (!IPAddress.IsLoopback(listener.Address.EndPoint.Address) || IPAddress.IsLoopback(destination));
    }

    public IEnumerator<SipListener> GetEnumerator() => ((IEnumerable<SipListener>)_listeners).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
