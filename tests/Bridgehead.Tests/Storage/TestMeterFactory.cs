using System.Diagnostics.Metrics;

namespace Bridgehead.Tests.Storage;

/// <summary>An IMeterFactory whose meters are scoped to it, so a listener can tell them from a parallel test's.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Scope = this });
        lock (meters)
        {
            meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (meters)
        {
            foreach (var meter in meters)
            {
                meter.Dispose();
            }
        }
    }
}
