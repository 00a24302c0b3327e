using Bridgehead.Storage.Location;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Storage.Location;

public sealed class BindingRecordTests
{
    [Fact]
    public void New_OptionalFieldsOmitted_HaveTheirDefaults()
    {
        var binding = Minimal("alice@example.com", "sip:alice@192.0.2.1");

        Assert.Equal(1000, binding.Q);
        Assert.Equal(0, binding.ConnectionId);
        Assert.Equal(0, binding.Flags);
        Assert.Null(binding.InstanceId);
        Assert.Null(binding.RegId);
        Assert.Null(binding.Path);
        Assert.Null(binding.UserAgent);
    }

    [Fact]
    public void IsExpiredAt_FromTheExpiryInstantOn_IsTrue()
    {
        var binding = Minimal("alice@example.com", "sip:alice@192.0.2.1", Now);

        Assert.False(binding.IsExpiredAt(Now.AddTicks(-1)));
        Assert.True(binding.IsExpiredAt(Now));
        Assert.True(binding.IsExpiredAt(Now.AddSeconds(1)));
    }

    [Fact]
    public void Equals_SameInstantInAnotherOffset_IsEqual()
    {
        var utc = Minimal("alice@example.com", "sip:alice@192.0.2.1");
        var shifted = utc with { ExpiresAt = utc.ExpiresAt.ToOffset(TimeSpan.FromHours(-5)) };

        Assert.Equal(utc, shifted);
    }

    [Fact]
    public void With_ChangedField_IsAnotherRecord()
    {
        var binding = Full("alice@example.com", "sip:alice@192.0.2.1");

        Assert.NotEqual(binding, binding with { ConnectionId = binding.ConnectionId + 1 });
    }
}
