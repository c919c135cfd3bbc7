namespace TaskRunner.Templating.Lexing;

/// <summary>One token: its kind, its text (for Text tokens, after trimming) and its offset in the template text.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Offset)
{
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.RightDelim => "closing delimiter",
        TokenKind.LeftDelim => "opening delimiter",
        TokenKind.Space => "space",
        _ => $"\"{Value}\"",
    };
}
