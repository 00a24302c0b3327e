using Bridgehead.Stun;

namespace Bridgehead.Tests.Stun.Ice;

/// <summary>Builds connectivity checks as a full, controlling browser agent would send them.</summary>
internal sealed class IceCheckBuilder
{
    public string Username { get; set; } = "relay:peer";
    public string Password { get; set; } = IceLiteAgentTests.LocalPassword;
    public uint? Priority { get; set; } = 1853824767;
    public bool UseCandidate { get; set; }
    public ulong? IceControlling { get; set; } = 0x0123456789ABCDEF;
    public ulong? IceControlled { get; set; }
    public bool Integrity { get; set; } = true;
    public bool IntegritySha256 { get; set; }
    public bool Fingerprint { get; set; } = true;
    public ushort? ExtraAttribute { get; set; }
    public StunClass Class { get; set; } = StunClass.Request;
    public StunMethod Method { get; set; } = StunMethod.Binding;
    public byte[] TransactionId { get; set; } = Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabac");

    public byte[] Build()
    {
        using var key = StunIntegrityKey.ForShortTermPassword(Password);
        var buffer = new byte[512];
        var writer = new StunWriter(buffer, Class, Method, TransactionId);
        if (Username.Length > 0)
        {
            writer.AddUsername(Username);
        }

        if (Priority is { } priority)
        {
            writer.AddPriority(priority);
        }

        if (IceControlling is { } controlling)
        {
            writer.AddIceControlling(controlling);
        }

        if (IceControlled is { } controlled)
        {
            writer.AddIceControlled(controlled);
        }

        if (UseCandidate)
        {
            writer.AddUseCandidate();
        }

        if (ExtraAttribute is { } extra)
        {
            writer.AddAttribute(extra, [1, 2, 3, 4]);
        }

        if (Integrity)
        {
            writer.AddMessageIntegrity(key);
        }

        if (IntegritySha256)
        {
            writer.AddMessageIntegritySha256(key);
        }

        if (Fingerprint)
        {
            writer.AddFingerprint();
        }

        Assert.False(writer.Overflowed);
        return writer.Written.ToArray();
    }
}
