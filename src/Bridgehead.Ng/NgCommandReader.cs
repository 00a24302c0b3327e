using System.Diagnostics.CodeAnalysis;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// Turns a received request dictionary into a typed command: what the relay's ng server does
/// with each datagram. Keys may use spaces for hyphens; keys this model does not know, and known
/// keys whose value has an unexpected shape or word, go to <see cref="NgCommand.OtherKeys"/>
/// untouched rather than failing the request (rtpengine only logs unknown options).
/// </summary>
public static partial class NgCommandReader
{
    public static bool TryRead(BencodeDictionary body, [NotNullWhen(true)] out NgCommand? command, out NgError error)
    {
        ArgumentNullException.ThrowIfNull(body);
        command = null;
        if (!body.TryGetValue("command", out var name) || !NgValues.TryText(name, out var commandName))
        {
            error = NgError.MissingCommand;
            return false;
        }

        if (!NgCommandKindExtensions.TryParse(commandName, out var kind))
        {
            error = NgError.UnknownCommand;
            return false;
        }

        var keys = new Keys(body);
        error = NgError.None;
        command = kind switch
        {
            NgCommandKind.Ping => new NgPingCommand(),
            NgCommandKind.Statistics => new NgStatisticsCommand(),
            NgCommandKind.List => ReadList(keys),
            NgCommandKind.Query => ReadQuery(keys, out error),
            NgCommandKind.Delete => ReadDelete(keys, out error),
            NgCommandKind.Offer or NgCommandKind.Answer => ReadSdpCommand(kind, keys, out error),
            _ => null,
        };

        if (command is null)
        {
            return false;
        }

        command = command with { Supports = keys.TextList("supports") ?? [] };
        command = command with { OtherKeys = keys.Others() };
        return true;
    }

    private static NgListCommand ReadList(Keys keys) => new() { Limit = keys.Int32("limit") };

    private static NgQueryCommand? ReadQuery(Keys keys, out NgError error)
    {
        if (keys.Text("call-id") is not { } callId)
        {
            error = NgError.MissingCallId;
            return null;
        }

        error = NgError.None;
        return new NgQueryCommand(callId) { FromTag = keys.Text("from-tag"), ToTag = keys.Text("to-tag") };
    }

    private static NgDeleteCommand? ReadDelete(Keys keys, out NgError error)
    {
        if (keys.Text("call-id") is not { } callId)
        {
            error = NgError.MissingCallId;
            return null;
        }

        error = NgError.None;
        return new NgDeleteCommand(callId)
        {
            FromTag = keys.Text("from-tag"),
            ToTag = keys.Text("to-tag"),
            ViaBranch = keys.Text("via-branch"),
            ReceivedFrom = keys.Address("received-from"),
            Flags = keys.TextList("flags") ?? [],
            DeleteDelay = keys.Int32("delete-delay"),
        };
    }

    /// <summary>
    /// The request's keys, looked up by their hyphenated names; every key that is read into a
    /// typed field is marked, and the rest make up OtherKeys.
    /// </summary>
    private sealed class Keys
    {
        private readonly List<(string Normalized, BencodeString Key, BencodeValue Value, bool Used)> entries = [];

        public Keys(BencodeDictionary body)
        {
            foreach (var (key, value) in body)
            {
                var text = key.Text;
                entries.Add((NgFlags.NormalizeKey(text), key, value, text == "command"));
            }
        }

        public string? Text(string name) => Take(name, static v => NgValues.TryText(v, out var t) ? t : null);

        public IReadOnlyList<string>? TextList(string name) => Take(name, static v => NgValues.TryTextList(v, out var l) ? l : null);

        public int? Int32(string name) => Take(name, static v => NgValues.TryInt32(v, out var n) ? n : (int?)null);

        /// <summary>[family, address], as in received-from.</summary>
        public NgAddress? Address(string name) =>
            Take(name, static v => NgValues.TryTextList(v, out var l) && l.Count == 2 ? new NgAddress(l[0], l[1]) : null);

        /// <summary>Reads the first entry with that name whose value converts; it is then no longer an "other" key.</summary>
        public T? Take<T>(string name, Func<BencodeValue, T?> convert)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (!entry.Used && entry.Normalized == name && convert(entry.Value) is { } result)
                {
                    entries[i] = entry with { Used = true };
                    return result;
                }
            }

            return default;
        }

        public IReadOnlyDictionary<string, BencodeValue> Others()
        {
            Dictionary<string, BencodeValue>? others = null;
            foreach (var entry in entries)
            {
                if (!entry.Used)
                {
                    (others ??= new(StringComparer.Ordinal)).TryAdd(entry.Key.Text, entry.Value);
                }
            }

            return others is null ? System.Collections.ObjectModel.ReadOnlyDictionary<string, BencodeValue>.Empty : others;
        }
    }
}
