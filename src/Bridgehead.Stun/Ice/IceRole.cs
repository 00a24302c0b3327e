namespace Bridgehead.Stun.Ice;

/// <summary>
/// The ICE role (RFC 8445 §6.1.1). Facing a full agent a lite agent is always controlled; two
/// lite agents make the offerer controlling.
/// </summary>
public enum IceRole
{
    Controlled = 0,
    Controlling = 1,
}
