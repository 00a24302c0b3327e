namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    /// <summary>Told of every well-formed message received, before routing; null for none.</summary>
    public ISipMessageObserver? Observer { get; set; }
}
