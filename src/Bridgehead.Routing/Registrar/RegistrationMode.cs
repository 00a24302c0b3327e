namespace Bridgehead.Routing.Registrar;

/// <summary>Who keeps the registrations of the edge's users (Registrar:Mode).</summary>
public enum RegistrationMode
{
    /// <summary>The edge is the registrar: it authenticates, saves and answers; nothing is relayed.</summary>
    Local,

    /// <summary>
    /// A switch is the registrar: the REGISTER is relayed to it (with Path, or a Contact through
    /// the edge), its 401 and 200 go back to the user, and the edge saves the binding when the
    /// switch answers 2xx. The edge does not challenge REGISTER itself: the switch holds the
    /// subscribers, and a second challenge from another realm is one a UA cannot answer.
    /// </summary>
    Forward,

    /// <summary>
    /// The edge is the registrar (authenticates, saves, answers) and sends a copy of each accepted
    /// REGISTER to a switch, whose answer is not passed on (OpenSIPS's save() then t_replicate()):
    /// the switch must accept REGISTERs from the edge without a challenge.
    /// </summary>
    Replicate,
}
