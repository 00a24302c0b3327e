namespace Bridgehead.Routing.Registrar;

/// <summary>Keeps a stream connection open at least until a time (the binding it carries expires).</summary>
public interface IConnectionLeases
{
    void Extend(long connectionId, DateTimeOffset until);
}
