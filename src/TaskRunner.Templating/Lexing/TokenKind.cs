namespace TaskRunner.Templating.Lexing;

/// <summary>What a token is.</summary>
internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Keyword,
    Field,
    Variable,
    Dot,
    Bool,
    Nil,
    Number,
    String,
    RawString,
    Char,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
}
