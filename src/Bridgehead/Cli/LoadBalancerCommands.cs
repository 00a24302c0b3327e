using System.CommandLine;
using Bridgehead.Management;

namespace Bridgehead.Cli;

/// <summary>
/// `bridgehead lb add|list|status|enable|disable|remove|reload`: the load-balancer table of the
/// running server (OpenSIPS's load_balancer rows, lb_reload and lb_status), through the API.
/// </summary>
internal static class LoadBalancerCommands
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var lb = new Command("lb", "Manage the load-balancer groups (switches with resources such as pstn=500).");
        api.AddTo(lb);

        var group = new Argument<int>("group") { Description = "The load-balancer group." };
        var uri = new Argument<string>("uri") { Description = "The switch, e.g. sip:10.0.0.10:5060." };
        var resources = new Argument<string>("resources") { Description = "Capacities as in OpenSIPS: vm=100;conf=100;transc=100;pstn=500." };
        var probeMode = new Option<int?>("--probe-mode") { Description = "0: never probe (always alive); 1 (default) or 2: probe with OPTIONS." };
        var description = new Option<string?>("--description") { Description = "A label such as FS1." };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled." };
        var add = new Command("add", "Add a switch with its resources to a group.") { group, uri, resources, probeMode, description, disabled };
        add.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var body = new LoadBalancerAddRequest(result.GetValue(group), result.GetValue(uri), result.GetValue(resources), result.GetValue(probeMode),
                result.GetValue(description), result.GetValue(disabled));
            var (view, code) = await client.SendAsync<LoadBalancerView>(HttpMethod.Post, "api/lb", body, ct).ConfigureAwait(false);
            if (view is not null)
            {
                DispatcherCommands.Print(json, view, () => Console.WriteLine($"added {view.Id}: group {view.GroupId} {view.Uri} {view.Resources} ({view.State})"));
            }

            return code;
        }));

        lb.Subcommands.Add(add);
        lb.Subcommands.Add(ListCommand(api, "list", "List the groups' switches with their resources."));
        lb.Subcommands.Add(ListCommand(api, "status", "Show each switch's load per resource and its health."));
        lb.Subcommands.Add(RowCommand(api, "enable", "Put a switch back in service (admin state).", HttpMethod.Post));
        lb.Subcommands.Add(RowCommand(api, "disable", "Take a switch out of service (admin state; not the same as unhealthy).", HttpMethod.Post));
        lb.Subcommands.Add(RowCommand(api, "remove", "Remove a switch from its group.", HttpMethod.Delete));

        var reload = new Command("reload", "Reload the dispatcher and load-balancer tables from the database.");
        reload.SetAction((result, ct) => api.RunAsync(result, (client, json) => DispatcherCommands.ReloadAsync(client, json, ct)));
        lb.Subcommands.Add(reload);
        return lb;
    }

    private static Command ListCommand(ApiCommandOptions api, string name, string description)
    {
        var command = new Command(name, description);
        command.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var (view, code) = await client.SendAsync<LoadBalancerListView>(HttpMethod.Get, "api/lb", null, ct).ConfigureAwait(false);
            if (view is not null)
            {
                DispatcherCommands.Print(json, view, () => PrintTable(view));
            }

            return code;
        }));
        return command;
    }

    private static Command RowCommand(ApiCommandOptions api, string name, string description, HttpMethod method)
    {
        var id = new Argument<long>("id") { Description = "The row id (see list)." };
        var command = new Command(name, description) { id };
        command.SetAction((result, ct) => api.RunAsync(result, async (client, json) =>
        {
            var rowId = result.GetValue(id);
            var path = method == HttpMethod.Delete ? $"api/lb/{rowId}" : $"api/lb/{rowId}/{name}";
            if (method == HttpMethod.Delete)
            {
                var (_, removed) = await client.SendAsync<object>(method, path, null, ct).ConfigureAwait(false);
                if (removed == 0)
                {
                    Console.WriteLine($"removed {rowId}");
                }

                return removed;
            }

            var (view, code) = await client.SendAsync<LoadBalancerView>(method, path, null, ct).ConfigureAwait(false);
            if (view is not null)
            {
                DispatcherCommands.Print(json, view, () => Console.WriteLine($"{view.Id}: group {view.GroupId} {view.Uri} is {view.State} (health {view.Health.Status})"));
            }

            return code;
        }));
        return command;
    }

    private static void PrintTable(LoadBalancerListView view)
    {
        if (view.Destinations.Count == 0)
        {
            Console.WriteLine("no load-balancer destinations (add one: bridgehead lb add 1 sip:10.0.0.10:5060 'pstn=500;vm=100')");
            return;
        }

        Console.WriteLine($"{view.AnsweredCalls} answered calls hold resources");
        foreach (var d in view.Destinations)
        {
            var load = string.Join(' ', d.Load.Select(l => $"{l.Name}={l.Used}/{l.Capacity}"));
            var reason = d.Health.LastReason is { } r && d.Health.Status != "up" ? $" ({r})" : "";
            Console.WriteLine($"  {d.Id,4}  group {d.GroupId,-3} {d.Uri,-32} {d.State,-8} {d.Health.Status,-10}{reason}  {load}  {d.Description}");
        }
    }
}
