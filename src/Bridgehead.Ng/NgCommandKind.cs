namespace Bridgehead.Ng;

/// <summary>The ng commands Bridgehead speaks (ng-protocol §3); the others are answered as unknown.</summary>
public enum NgCommandKind
{
    Ping,
    Offer,
    Answer,
    Delete,
    Query,
    List,
    Statistics,
}

public static class NgCommandKindExtensions
{
    /// <summary>The value of the <c>command</c> key.</summary>
    public static string ToCommandName(this NgCommandKind kind) => kind switch
    {
        NgCommandKind.Ping => "ping",
        NgCommandKind.Offer => "offer",
        NgCommandKind.Answer => "answer",
        NgCommandKind.Delete => "delete",
        NgCommandKind.Query => "query",
        NgCommandKind.List => "list",
        NgCommandKind.Statistics => "statistics",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string name, out NgCommandKind kind)
    {
        kind = name switch
        {
            "ping" => NgCommandKind.Ping,
            "offer" => NgCommandKind.Offer,
            "answer" => NgCommandKind.Answer,
            "delete" => NgCommandKind.Delete,
            "query" => NgCommandKind.Query,
            "list" => NgCommandKind.List,
            "statistics" => NgCommandKind.Statistics,
            _ => (NgCommandKind)(-1),
        };
        return kind >= 0;
    }
}
