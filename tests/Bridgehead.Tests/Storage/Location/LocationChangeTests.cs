using Bridgehead.Storage.Location;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Storage.Location;

public sealed class LocationChangeTests
{
    private const string Alice = "alice@example.com";

    [Fact]
    public void New_Operations_AreKeptInOrder()
    {
        var binding = Minimal(Alice, "sip:alice@a");

        var change = new LocationChange(Alice,
            LocationOperation.RemoveAll(), LocationOperation.Upsert(binding), LocationOperation.Remove("sip:alice@b"));

        Assert.Equal(Alice, change.Aor);
        Assert.Equal(
            [LocationOperationKind.RemoveAll, LocationOperationKind.Upsert, LocationOperationKind.Remove],
            change.Operations.Select(o => o.Kind));
        Assert.Same(binding, change.Operations[1].Binding);
        Assert.Equal("sip:alice@a", change.Operations[1].ContactUri);
        Assert.Equal("sip:alice@b", change.Operations[2].ContactUri);
    }

    [Fact]
    public void New_FromAList_KeepsTheOrder()
    {
        var operations = new List<LocationOperation> { LocationOperation.Remove("sip:alice@a"), LocationOperation.RemoveAll() };
        var fromArray = new LocationChange(Alice, operations.ToArray());

        var change = new LocationChange(Alice, operations);

        Assert.Equal(operations, change.Operations);
        Assert.Equal(operations, fromArray.Operations);
    }

    [Fact]
    public void New_BindingOfAnotherAor_Throws()
    {
        var bobs = Minimal("bob@example.com", "sip:bob@a");

        var error = Assert.Throws<ArgumentException>(() => new LocationChange(Alice, LocationOperation.Upsert(bobs)));

        Assert.Contains("bob@example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_NoOperation_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LocationChange(Alice));
    }

    [Fact]
    public void New_DefaultOperation_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LocationChange(Alice, default(LocationOperation)));
    }

    [Fact]
    public void New_EmptyAor_Throws()
    {
        Assert.Throws<ArgumentException>(() => LocationChange.RemoveAll(""));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Upsert_QOutsidePermilleRange_Throws(int q)
    {
        var binding = Minimal(Alice, "sip:alice@a") with { Q = q };

        Assert.Throws<ArgumentOutOfRangeException>(() => LocationOperation.Upsert(binding));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Upsert_QAtTheBounds_IsAccepted(int q)
    {
        var change = LocationChange.Upsert(Minimal(Alice, "sip:alice@a") with { Q = q });

        Assert.Equal(q, change.Operations[0].Binding!.Q);
    }

    [Fact]
    public void Upsert_EmptyContact_Throws()
    {
        Assert.Throws<ArgumentException>(() => LocationOperation.Upsert(Minimal(Alice, "")));
    }

    [Fact]
    public void Remove_EmptyContact_Throws()
    {
        Assert.Throws<ArgumentException>(() => LocationChange.Remove(Alice, ""));
    }

    [Fact]
    public void Factories_MakeOneOperationChanges()
    {
        var binding = Minimal(Alice, "sip:alice@a");

        Assert.Equal(LocationOperationKind.Upsert, Assert.Single(LocationChange.Upsert(binding).Operations).Kind);
        Assert.Equal(LocationOperationKind.Remove, Assert.Single(LocationChange.Remove(Alice, "sip:alice@a").Operations).Kind);
        var removeAll = Assert.Single(LocationChange.RemoveAll(Alice).Operations);
        Assert.Equal(LocationOperationKind.RemoveAll, removeAll.Kind);
        Assert.Null(removeAll.ContactUri);
    }
}
