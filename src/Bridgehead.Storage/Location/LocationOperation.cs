namespace Bridgehead.Storage.Location;

/// <summary>What one <see cref="LocationOperation"/> does to an address of record's bindings.</summary>
public enum LocationOperationKind : byte
{
    /// <summary>Not an operation: the value of a default <see cref="LocationOperation"/>.</summary>
    None,

    /// <summary>Insert the binding, or replace the one with the same contact.</summary>
    Upsert,

    /// <summary>Remove the binding of one contact (a Contact with expires=0).</summary>
    Remove,

    /// <summary>Remove every binding of the address of record ("Contact: *", RFC 3261 §10.2.2).</summary>
    RemoveAll,
}

/// <summary>One step of a <see cref="LocationChange"/>; build it with the static factories.</summary>
public readonly record struct LocationOperation
{
    private LocationOperation(LocationOperationKind kind, BindingRecord? binding, string? contactUri)
    {
        Kind = kind;
        Binding = binding;
        ContactUri = contactUri;
    }

    public LocationOperationKind Kind { get; }

    /// <summary>The binding to write; set for <see cref="LocationOperationKind.Upsert"/> only.</summary>
    public BindingRecord? Binding { get; }

    /// <summary>The contact concerned; null for <see cref="LocationOperationKind.RemoveAll"/>.</summary>
    public string? ContactUri { get; }

    /// <summary>Inserts or replaces <paramref name="binding"/>.</summary>
    public static LocationOperation Upsert(BindingRecord binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentException.ThrowIfNullOrEmpty(binding.Aor, nameof(binding));
        ArgumentException.ThrowIfNullOrEmpty(binding.ContactUri, nameof(binding));
        if (binding.Q is < 0 or > BindingRecord.MaxQ)
        {
            throw new ArgumentOutOfRangeException(nameof(binding), binding.Q, "Q is in permille, 0..1000.");
        }

        return new(LocationOperationKind.Upsert, binding, binding.ContactUri);
    }

    /// <summary>Removes the binding of <paramref name="contactUri"/>; nothing happens when there is none.</summary>
    public static LocationOperation Remove(string contactUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(contactUri);
        return new(LocationOperationKind.Remove, null, contactUri);
    }

    /// <summary>Removes every binding of the address of record.</summary>
    public static LocationOperation RemoveAll() => new(LocationOperationKind.RemoveAll, null, null);
}
