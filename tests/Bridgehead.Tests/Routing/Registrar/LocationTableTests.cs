using Bridgehead.Routing.Registrar;
using Bridgehead.Storage.Location;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Routing.Registrar;

public class LocationTableTests
{
    private const string Alice = "sip:alice@example.com";
    private const string Bob = "sip:bob@example.com";

    [Fact]
    public void Apply_RefreshOfAContact_ReplacesItInPlaceAndInTheContactIndex()
    {
        var table = new LocationTable();
        var first = Minimal(Alice, "sip:alice@192.0.2.1");
        var second = Minimal(Alice, "sip:alice@192.0.2.2");
        table.Apply(LocationChange.Upsert(first));
        table.Apply(LocationChange.Upsert(second));

        var refreshed = first with { CSeq = 2, ExpiresAt = Now.AddSeconds(7200) };
        table.Apply(LocationChange.Upsert(refreshed));

        Assert.Equal([refreshed, second], table.Lookup(Alice));
        Assert.Same(refreshed, table.FindByContact("sip:alice@192.0.2.1"));
        Assert.Same(second, table.FindByContact("sip:alice@192.0.2.2"u8));
        Assert.Equal(2, table.BindingCount);
    }

    [Fact]
    public void Apply_RemoveOfOneContact_DropsItFromBothIndexesAndKeepsTheOther()
    {
        var table = new LocationTable();
        var first = Minimal(Alice, "sip:alice@192.0.2.1");
        var second = Minimal(Alice, "sip:alice@192.0.2.2");
        table.Apply(LocationChange.Upsert(first));
        table.Apply(LocationChange.Upsert(second));

        table.Apply(LocationChange.Remove(Alice, "sip:alice@192.0.2.1"));

        Assert.Equal([second], table.Lookup(Alice));
        Assert.Null(table.FindByContact("sip:alice@192.0.2.1"));
        Assert.Same(second, table.FindByContact("sip:alice@192.0.2.2"));
    }

    [Fact]
    public void Apply_ContactSinceRegisteredToAnotherAor_StaysIndexedWhenTheFirstAorDropsIt()
    {
        var table = new LocationTable();
        const string Shared = "sip:desk-phone@192.0.2.9";
        table.Apply(LocationChange.Upsert(Minimal(Alice, Shared)));
        var bobs = Minimal(Bob, Shared);
        table.Apply(LocationChange.Upsert(bobs));

        table.Apply(LocationChange.RemoveAll(Alice));

        Assert.True(table.Lookup(Alice).IsEmpty);
        Assert.Equal(1, table.AorCount);
        Assert.Same(bobs, table.FindByContact(Shared));
    }

    [Fact]
    public void Apply_SeveralOperations_AppliesThemInOrder()
    {
        var table = new LocationTable();
        var old = Minimal(Alice, "sip:alice@192.0.2.1");
        table.Apply(LocationChange.Upsert(old));
        var added = Minimal(Alice, "sip:alice@192.0.2.3");

        table.Apply(new LocationChange(Alice, LocationOperation.Remove(old.ContactUri), LocationOperation.Upsert(added)));

        Assert.Equal([added], table.Lookup(Alice));
        Assert.Null(table.FindByContact(old.ContactUri));
        Assert.Same(added, table.FindByContact(added.ContactUri));
    }

    [Fact]
    public void PurgeExpired_DropsExpiredBindingsFromBothIndexes()
    {
        var table = new LocationTable();
        var expired = Minimal(Alice, "sip:alice@192.0.2.1", Now.AddSeconds(-1));
        var live = Minimal(Alice, "sip:alice@192.0.2.2");
        table.Apply(LocationChange.Upsert(expired));
        table.Apply(LocationChange.Upsert(live));

        Assert.Equal(1, table.PurgeExpired(Now));

        Assert.Equal([live], table.Lookup(Alice));
        Assert.Null(table.FindByContact(expired.ContactUri));
    }
}
