using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Subscribers;
using Bridgehead.Tests.Storage.Subscribers;

namespace Bridgehead.Tests.Storage.Memory;

public sealed class InMemorySubscriberStoreTests : SubscriberStoreContractTests
{
    protected override ISubscriberStore Store { get; } = new InMemorySubscriberStore();
}
