using System.Collections.Immutable;

namespace Bridgehead.Storage.Location;

/// <summary>
/// What one REGISTER does to one address of record: operations applied in order and atomically,
/// so a reader (or a restart) sees the bindings from before the REGISTER or from after it, never
/// a mix (RFC 3261 §10.3 step 8 processes all contacts of a request together).
/// </summary>
public sealed class LocationChange
{
    /// <summary>Builds a change; every upserted binding must belong to <paramref name="aor"/>.</summary>
    /// <exception cref="ArgumentException">No operation, a default operation, or a binding of another AOR.</exception>
    public LocationChange(string aor, params ReadOnlySpan<LocationOperation> operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(aor);
        if (operations.IsEmpty)
        {
            throw new ArgumentException("A location change needs at least one operation.", nameof(operations));
        }

        foreach (var operation in operations)
        {
            if (operation.Kind == LocationOperationKind.None)
            {
                throw new ArgumentException("A default LocationOperation does nothing; use its factories.", nameof(operations));
            }

            if (operation.Binding is { } binding && !string.Equals(binding.Aor, aor, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Binding of '{binding.Aor}' in a change of '{aor}'.", nameof(operations));
            }
        }

        Aor = aor;
        Operations = [.. operations];
    }

    /// <summary>Builds a change from operations collected one by one (a REGISTER's Contact headers).</summary>
    /// <exception cref="ArgumentException">No operation, a default operation, or a binding of another AOR.</exception>
    public LocationChange(string aor, IEnumerable<LocationOperation> operations)
        : this(aor, (operations ?? throw new ArgumentNullException(nameof(operations))).ToArray().AsSpan())
    {
    }

    /// <summary>The address of record every operation applies to.</summary>
    public string Aor { get; }

    /// <summary>The operations, in the order they apply.</summary>
    public ImmutableArray<LocationOperation> Operations { get; }

    /// <summary>A change that writes one binding.</summary>
    public static LocationChange Upsert(BindingRecord binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new(binding.Aor, LocationOperation.Upsert(binding));
    }

    /// <summary>A change that removes one contact of <paramref name="aor"/>.</summary>
    public static LocationChange Remove(string aor, string contactUri) => new(aor, LocationOperation.Remove(contactUri));

    /// <summary>A change that removes every binding of <paramref name="aor"/>.</summary>
    public static LocationChange RemoveAll(string aor) => new(aor, LocationOperation.RemoveAll());
}
