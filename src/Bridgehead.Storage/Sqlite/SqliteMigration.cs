using System.Globalization;
using System.Reflection;

namespace Bridgehead.Storage.Sqlite;

/// <summary>One numbered schema step, read from an embedded "NNNN_description.sql" file.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Bridgehead.Storage.Sqlite.Migrations.";
    private const string ResourceSuffix = ".sql";

    /// <summary>The migrations embedded in this assembly, in order.</summary>
    public static IReadOnlyList<SqliteMigration> Embedded { get; } = FromAssembly(typeof(SqliteMigration).Assembly);

    internal static IReadOnlyList<SqliteMigration> FromAssembly(Assembly assembly)
    {
        var found = new List<SqliteMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            found.Add(Parse(name, reader.ReadToEnd()));
        }

        return InOrder(found);
    }

    /// <summary>Reads the version from a name such as "0001_location_and_subscribers".</summary>
    /// <exception cref="InvalidOperationException">The name does not start with a number and an underscore.</exception>
    internal static SqliteMigration Parse(string name, string sql)
    {
        var underscore = name.IndexOf('_');
        if (underscore <= 0
            || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version <= 0)
        {
            throw new InvalidOperationException($"Migration '{name}' is not named NNNN_description.sql.");
        }

        return new SqliteMigration(version, name, sql);
    }

    /// <summary>Sorts migrations and checks they are numbered 1, 2, 3 … without gaps or repeats.</summary>
    /// <exception cref="InvalidOperationException">A number is missing or repeated: the build is broken.</exception>
    internal static IReadOnlyList<SqliteMigration> InOrder(IEnumerable<SqliteMigration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations must be numbered 1, 2, 3 …; found '{ordered[i].Name}' where number {i + 1} belongs.");
            }
        }

        return ordered;
    }
}
