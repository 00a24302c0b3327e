using System.Runtime.CompilerServices;

namespace Bridgehead.Sip;

/// <summary>
/// Inline storage for the first header lines of a message, so that parsing a typical request
/// allocates only the <see cref="SipMessage"/> itself. Longer messages spill into an array.
/// </summary>
[InlineArray(Capacity)]
internal struct HeaderFieldBuffer
{
    public const int Capacity = 32;

    private HeaderField _element;
}
