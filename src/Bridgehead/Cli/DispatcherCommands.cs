using System.CommandLine;
using System.Text.Json;
using Bridgehead.Management;

namespace Bridgehead.Cli;

/// <summary>
/// `bridgehead dispatcher add|list|remove|enable|disable|reload`: the dispatcher table of the
/// running server, through its management API (OpenSIPS's `opensipsctl dispatcher addgw` and
/// `ds_reload`). Changes apply at once, without a restart.
/// </summary>
internal static class DispatcherCommands
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var dispatcher = new Command("dispatcher", "Manage the dispatcher sets (the switches calls are spread over).");
        api.AddTo(dispatcher);

        var setId = new Argument<int>("set") { Description = "The dispatcher set (routing rules send calls to a set; 1 by default)." };
        var uri = new Argument<string>("uri") { Description = "The switch, e.g. sip:10.0.0.10:5060." };
        var weight = new Option<int?>("--weight") { Description = "Share of calls for the weighted policy (default 1; 0: failover only)." };
        var priority = new Option<int?>("--priority") { Description = "Higher is tried first; lower priorities are backups (default 0)." };
        var attributes = new Option<string?>("--attrs") { Description = "Free attributes (key=value;…)." };
        var description = new Option<string?>("--description") { Description = "A label such as FS1." };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled (takes no calls until enabled)." };
        var add = new Command("add", "Add a switch to a set.") { setId, uri, weight, priority, attributes, description, disabled };
        add.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var body = new DispatcherAddRequest(result.GetValue(setId), result.GetValue(uri), result.GetValue(weight), result.GetValue(priority),
                result.GetValue(attributes), result.GetValue(description), result.GetValue(disabled));
            var (view, code) = await client.SendAsync<DispatcherView>(HttpMethod.Post, "api/dispatcher", body, ct).ConfigureAwait(false);
            if (view is not null)
            {
                Print(json, view, () => Console.WriteLine($"added {view.Id}: set {view.SetId} {view.Uri} weight {view.Weight} priority {view.Priority} ({view.State})"));
            }

            return code;
        }));

        var list = new Command("list", "List the sets and their switches with health and counters.");
        list.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var (view, code) = await client.SendAsync<DispatcherListView>(HttpMethod.Get, "api/dispatcher", null, ct).ConfigureAwait(false);
            if (view is not null)
            {
                Print(json, view, () => PrintTable(view));
            }

            return code;
        }));

        var removeArgs = new Argument<string[]>("id | set uri") { Arity = new ArgumentArity(1, 2), Description = "The row id (see list), or the set and the URI." };
        var remove = new Command("remove", "Remove a switch from a set.") { removeArgs };
        remove.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var id = await ResolveIdAsync(client, result.GetValue(removeArgs)!, ct).ConfigureAwait(false);
            if (id is null)
            {
                return 1;
            }

            var (_, code) = await client.SendAsync<object>(HttpMethod.Delete, $"api/dispatcher/{id}", null, ct).ConfigureAwait(false);
            if (code == 0)
            {
                Console.WriteLine($"removed {id}");
            }

            return code;
        }));

        dispatcher.Subcommands.Add(add);
        dispatcher.Subcommands.Add(list);
        dispatcher.Subcommands.Add(remove);
        dispatcher.Subcommands.Add(StateCommand(api, "enable", "Put a switch back in service (admin state).", disable: false));
        dispatcher.Subcommands.Add(StateCommand(api, "disable", "Take a switch out of service (admin state; not the same as unhealthy).", disable: true));

        var reload = new Command("reload", "Reload the dispatcher and load-balancer tables from the database (after editing it directly).");
        reload.SetAction((result, ct) => api.RunAsync(result, (client, json) => ReloadAsync(client, json, ct)));
        dispatcher.Subcommands.Add(reload);
        return dispatcher;
    }

    internal static async Task<int> ReloadAsync(ManagementClient client, bool json, CancellationToken ct)
    {
        var (view, code) = await client.SendAsync<ReloadView>(HttpMethod.Post, "api/dispatcher/reload", null, ct).ConfigureAwait(false);
        if (view is null)
        {
            return code;
        }

        Print(json, view, () =>
        {
            Console.WriteLine($"reloaded: {view.DispatcherRows} dispatcher and {view.LoadBalancerRows} load-balancer rows");
            foreach (var e in view.Errors)
            {
                Console.WriteLine($"  skipped {e}");
            }
        });
        return view.Errors.Count == 0 ? 0 : 2;
    }

    internal static void Print<T>(bool json, T value, Action table)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(value, ManagementClient.Json));
        }
        else
        {
            table();
        }
    }

    private static Command StateCommand(ApiCommandOptions api, string name, string description, bool disable)
    {
        var id = new Argument<string[]>("id | set uri") { Arity = new ArgumentArity(1, 2), Description = "The row id (see list), or the set and the URI." };
        var command = new Command(name, description) { id };
        command.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var rowId = await ResolveIdAsync(client, result.GetValue(id)!, ct).ConfigureAwait(false);
            if (rowId is null)
            {
                return 1;
            }

            var (view, code) = await client.SendAsync<DispatcherView>(HttpMethod.Post, $"api/dispatcher/{rowId}/{name}", null, ct).ConfigureAwait(false);
            if (view is not null)
            {
                Print(json, view, () => Console.WriteLine($"{view.Id}: set {view.SetId} {view.Uri} is {view.State} (health {view.Health.Status})"));
            }

            return code;
        }));
        return command;
    }

    /// <summary>"7" is a row id; "1 sip:10.0.0.10:5060" is looked up in the list.</summary>
    private static async Task<long?> ResolveIdAsync(ManagementClient client, string[] args, CancellationToken ct)
    {
        if (args.Length == 1)
        {
            if (long.TryParse(args[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }

            await Console.Error.WriteLineAsync($"bridgehead: '{args[0]}' is not a row id; give the id, or the set and the URI").ConfigureAwait(false);
            return null;
        }

        var (list, _) = await client.SendAsync<DispatcherListView>(HttpMethod.Get, "api/dispatcher", null, ct).ConfigureAwait(false);
        var row = list?.Destinations.FirstOrDefault(d => d.SetId.ToString(System.Globalization.CultureInfo.InvariantCulture) == args[0]
            && string.Equals(d.Uri, args[1], StringComparison.OrdinalIgnoreCase));
        if (row is null && list is not null)
        {
            await Console.Error.WriteLineAsync($"bridgehead: set {args[0]} has no destination {args[1]}").ConfigureAwait(false);
        }

        return row?.Id;
    }

    private static void PrintTable(DispatcherListView view)
    {
        foreach (var set in view.Sets)
        {
            Console.WriteLine($"set {set.Id} ({set.Policy}, {set.Destinations} destination{(set.Destinations == 1 ? "" : "s")})");
            foreach (var d in view.Destinations.Where(d => d.SetId == set.Id))
            {
                var reason = d.Health.LastReason is { } r && d.Health.Status != "up" ? $" ({r})" : "";
                Console.WriteLine(
                    $"  {d.Id,4}  {d.Uri,-32} w={d.Weight,-4} p={d.Priority,-4} {d.State,-8} {d.Health.Status,-8}{reason}  sent {d.Counters.Forwarded} answered {d.Counters.Answered} failed {d.Counters.Failed}  {d.Description}");
            }
        }

        if (view.Sets.Count == 0)
        {
            Console.WriteLine("no dispatcher destinations (add one: bridgehead dispatcher add 1 sip:10.0.0.10:5060)");
        }
    }
}
