using System.CommandLine;
using Bridgehead.Hosting;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Sip.Digest;
using Bridgehead.Storage;
using Bridgehead.Storage.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Cli;

/// <summary>
/// `bridgehead user add|list|remove`: the subscriber table in the data folder. Passwords never
/// reach the database, only their HA1 for each digest algorithm (RFC 8760).
/// </summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage subscribers (the users digest authentication checks).");
        // Recursive: the options follow the subcommand too (`bridgehead user add 1000 secret --data DIR`).
        var config = CommonOptions.Config();
        config.Recursive = true;
        var data = CommonOptions.Data();
        data.Recursive = true;
        var domain = new Option<string[]>("--domain") { Description = "Local domain(s), as given to `run` (the first is the default realm).", Recursive = true };
        user.Options.Add(config);
        user.Options.Add(data);
        user.Options.Add(domain);

        var name = new Argument<string>("username");
        var password = new Argument<string>("password");
        var add = new Command("add", "Add a subscriber, or change its password.") { name, password };
        add.SetAction((result, ct) => WithStoreAsync(result, config, data, domain, async (store, realm) =>
        {
            var username = result.GetValue(name)!;
            var secret = result.GetValue(password)!;
            var created = await store.AddOrUpdateAsync(
                new SubscriberRecord(
                    username,
                    realm,
                    DigestMath.Ha1(DigestAlgorithm.Md5, username, realm, secret),
                    DigestMath.Ha1(DigestAlgorithm.Sha256, username, realm, secret),
                    null,
                    DateTimeOffset.UtcNow),
                ct).ConfigureAwait(false);
            Console.WriteLine(created ? $"added {username} (realm {realm})" : $"updated {username} (realm {realm})");
            return 0;
        }));

        var list = new Command("list", "List subscribers.");
        list.SetAction((result, ct) => WithStoreAsync(result, config, data, domain, async (store, realm) =>
        {
            foreach (var s in await store.ListAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine($"{s.Username}\t{s.Domain}\t{s.CreatedAt:u}");
            }

            return 0;
        }));

        var removeName = new Argument<string>("username");
        var remove = new Command("remove", "Remove a subscriber.") { removeName };
        remove.SetAction((result, ct) => WithStoreAsync(result, config, data, domain, async (store, realm) =>
        {
            var username = result.GetValue(removeName)!;
            if (await store.RemoveAsync(username, realm, ct).ConfigureAwait(false))
            {
                Console.WriteLine($"removed {username}");
                return 0;
            }

            await Console.Error.WriteLineAsync($"bridgehead: no subscriber {username} in realm {realm}").ConfigureAwait(false);
            return 1;
        }));

        user.Subcommands.Add(add);
        user.Subcommands.Add(list);
        user.Subcommands.Add(remove);
        return user;
    }

    private static async Task<int> WithStoreAsync(
        ParseResult result,
        Option<string?> config,
        Option<string?> data,
        Option<string[]> domain,
        Func<ISubscriberStore, string, Task<int>> action)
    {
        var configuration = new ConfigurationManager();
        EdgeConfiguration.Apply(configuration, new EdgeSettings { ConfigFile = result.GetValue(config), DataDirectory = result.GetValue(data) });
        var directory = EdgeConfiguration.DataDirectory(configuration);
        Directory.CreateDirectory(directory);

        var proxy = configuration.GetSection("Proxy").Get<ProxyOptions>() ?? new ProxyOptions();
        proxy.Domains.AddRange(result.GetValue(domain) ?? []);
        var auth = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var realm = DigestAuthenticator.RealmFor(auth, proxy);

        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddBridgeheadStorage(configuration.GetSection("Storage"));
        services.PostConfigure<StorageOptions>(o => o.DataDirectory ??= directory);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStorageInitializer>().InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        return await action(provider.GetRequiredService<ISubscriberStore>(), realm).ConfigureAwait(false);
    }
}
