using Bridgehead.Storage.Location;
using Bridgehead.Storage.Memory;
using Bridgehead.Tests.Storage.Location;

namespace Bridgehead.Tests.Storage.Memory;

public sealed class InMemoryLocationStoreTests : LocationStoreContractTests
{
    protected override ILocationStore Store { get; } = new InMemoryLocationStore();
}
