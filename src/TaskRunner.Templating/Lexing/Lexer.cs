namespace TaskRunner.Templating.Lexing;

/// <summary>
/// Splits template text into tokens the way Go's text/template lexer does: text between actions is copied verbatim,
/// "{{- " and " -}}" trim the neighbouring white space, "{{/* */}}" comments vanish, and newlines may appear inside
/// actions. Trimming and comments are resolved here, so the parser never sees them.
/// </summary>
internal sealed class Lexer
{
    private static readonly HashSet<string> Keywords = ["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"];

    private readonly string _input;
    private readonly string _left;
    private readonly string _right;
    private readonly SourceText _source;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _parenDepth;

    private Lexer(string input, string left, string right, SourceText source)
    {
        _input = input;
        _left = left;
        _right = right;
        _source = source;
    }

    public static List<Token> Tokenize(string input, string left, string right, SourceText source)
    {
        var lexer = new Lexer(input, left, right, source);
        lexer.Run();
        return lexer._tokens;
    }

    private static bool IsTrimSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private void Run()
    {
        var trimNextText = false;
        while (_pos <= _input.Length)
        {
            var start = _pos;
            var next = _input.IndexOf(_left, _pos, StringComparison.Ordinal);
            var end = next < 0 ? _input.Length : next;
            var textStart = start;
            if (trimNextText)
            {
                while (textStart < end && IsTrimSpace(_input[textStart])) textStart++;
                trimNextText = false;
            }
            var textEnd = end;
            var afterLeft = end + _left.Length;
            var leftTrim = next >= 0 && HasLeftTrimMarker(afterLeft);
            if (leftTrim)
            {
                while (textEnd > textStart && IsTrimSpace(_input[textEnd - 1])) textEnd--;
            }
            if (textEnd > textStart) _tokens.Add(new Token(TokenKind.Text, _input[textStart..textEnd], textStart));
            if (next < 0) break;

            _pos = afterLeft + (leftTrim ? 2 : 0);
            if (_input.AsSpan(_pos).StartsWith("/*"))
            {
                trimNextText = LexComment(next);
                continue;
            }
            _tokens.Add(new Token(TokenKind.LeftDelim, _left, next));
            _parenDepth = 0;
            trimNextText = LexInsideAction(next);
        }
        _tokens.Add(new Token(TokenKind.Eof, "", _input.Length));
    }

    private bool HasLeftTrimMarker(int at) => at + 1 < _input.Length && _input[at] == '-' && IsTrimSpace(_input[at + 1]);

    /// <summary>At a space: is this " -" followed by the right delimiter?</summary>
    private bool AtRightTrimMarker(int at) =>
        at + 1 < _input.Length && IsTrimSpace(_input[at]) && _input[at + 1] == '-' && _input.AsSpan(at + 2).StartsWith(_right);

    /// <summary>Skips a comment; returns whether it ends with a right trim marker.</summary>
    private bool LexComment(int actionStart)
    {
        var close = _input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (close < 0)
            throw _source.Error(ErrorCodes.Syntax, actionStart, $"unclosed comment: add \"*/{_right}\" to close it");
        _pos = close + 2;
        if (AtRightTrimMarker(_pos))
        {
            _pos += 2 + _right.Length;
            return true;
        }
        if (!_input.AsSpan(_pos).StartsWith(_right))
            throw _source.Error(ErrorCodes.Syntax, close, $"comment ends before closing delimiter: put \"{_right}\" right after \"*/\"");
        _pos += _right.Length;
        return false;
    }

    /// <summary>Lexes one action up to its right delimiter; returns whether it ends with a right trim marker.</summary>
    private bool LexInsideAction(int actionStart)
    {
        while (true)
        {
            if (_pos >= _input.Length)
                throw _source.Error(ErrorCodes.Syntax, actionStart, $"unclosed action: add \"{_right}\" to close it");
            if (_input.AsSpan(_pos).StartsWith(_right) && _parenDepth == 0)
            {
                _tokens.Add(new Token(TokenKind.RightDelim, _right, _pos));
                _pos += _right.Length;
                return false;
            }
            var c = _input[_pos];
            if (IsTrimSpace(c))
            {
                if (AtRightTrimMarker(_pos) && _parenDepth == 0)
                {
                    _tokens.Add(new Token(TokenKind.RightDelim, _right, _pos + 2));
                    _pos += 2 + _right.Length;
                    return true;
                }
                var start = _pos++;
                while (_pos < _input.Length && IsTrimSpace(_input[_pos]) && !AtRightTrimMarker(_pos)) _pos++;
                _tokens.Add(new Token(TokenKind.Space, _input[start.._pos], start));
                continue;
            }
            if (_input.AsSpan(_pos).StartsWith(_right))
                throw _source.Error(ErrorCodes.Syntax, _pos, "unclosed left parenthesis: add \")\"");
            switch (c)
            {
                case '=':
                    Emit(TokenKind.Assign, 1);
                    break;
                case ':':
                    if (_pos + 1 >= _input.Length || _input[_pos + 1] != '=')
                        throw _source.Error(ErrorCodes.Syntax, _pos, "expected \":=\" after \":\"");
                    Emit(TokenKind.Declare, 2);
                    break;
                case '|':
                    Emit(TokenKind.Pipe, 1);
                    break;
                case ',':
                    Emit(TokenKind.Comma, 1);
                    break;
                case '(':
                    _parenDepth++;
                    Emit(TokenKind.LeftParen, 1);
                    break;
                case ')':
                    _parenDepth--;
                    if (_parenDepth < 0) throw _source.Error(ErrorCodes.Syntax, _pos, "unexpected right parenthesis \")\"");
                    Emit(TokenKind.RightParen, 1);
                    break;
                case '"':
                    LexQuoted('"', TokenKind.String, "unterminated quoted string");
                    break;
                case '\'':
                    LexQuoted('\'', TokenKind.Char, "unterminated character constant");
                    break;
                case '`':
                    LexRawString();
                    break;
                case '$':
                    LexVariable();
                    break;
                case '.':
                    if (_pos + 1 < _input.Length && char.IsAsciiDigit(_input[_pos + 1])) LexNumber();
                    else LexField();
                    break;
                default:
                    if (c is '+' or '-' || char.IsAsciiDigit(c)) LexNumber();
                    else if (IsAlphaNumeric(c)) LexIdentifier();
                    else if (c == _right[0]) throw _source.Error(ErrorCodes.Syntax, _pos, $"unrecognized character in action: '{c}' (an action ends with \"{_right}\")");
                    else throw _source.Error(ErrorCodes.Syntax, _pos, $"unrecognized character in action: '{c}'");
                    break;
            }
        }
    }

    private void Emit(TokenKind kind, int length)
    {
        _tokens.Add(new Token(kind, _input.Substring(_pos, length), _pos));
        _pos += length;
    }

    private bool AtTerminator(int at)
    {
        if (at >= _input.Length) return true;
        var c = _input[at];
        if (IsTrimSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' or '=') return true;
        return _input.AsSpan(at).StartsWith(_right);
    }

    private int ScanAlphaNumeric(int from)
    {
        var end = from;
        while (end < _input.Length && IsAlphaNumeric(_input[end])) end++;
        return end;
    }

    private void RequireTerminator(int end, int start)
    {
        if (!AtTerminator(end))
            throw _source.Error(ErrorCodes.Syntax, end, $"bad character '{_input[end]}' after \"{_input[start..end]}\"");
    }

    private void LexIdentifier()
    {
        var start = _pos;
        var end = ScanAlphaNumeric(_pos);
        RequireTerminator(end, start);
        var word = _input[start..end];
        var kind = word switch
        {
            "true" or "false" => TokenKind.Bool,
            "nil" => TokenKind.Nil,
            _ when Keywords.Contains(word) => TokenKind.Keyword,
            _ => TokenKind.Identifier,
        };
        _tokens.Add(new Token(kind, word, start));
        _pos = end;
    }

    private void LexField()
    {
        var start = _pos;
        if (AtTerminator(_pos + 1))
        {
            _tokens.Add(new Token(TokenKind.Dot, ".", start));
            _pos++;
            return;
        }
        var end = ScanAlphaNumeric(_pos + 1);
        RequireTerminator(end, start);
        _tokens.Add(new Token(TokenKind.Field, _input[start..end], start));
        _pos = end;
    }

    private void LexVariable()
    {
        var start = _pos;
        var end = ScanAlphaNumeric(_pos + 1);
        RequireTerminator(end, start);
        _tokens.Add(new Token(TokenKind.Variable, _input[start..end], start));
        _pos = end;
    }

    private void LexQuoted(char quote, TokenKind kind, string unterminated)
    {
        var start = _pos;
        var i = _pos + 1;
        while (true)
        {
            if (i >= _input.Length || _input[i] == '\n')
                throw _source.Error(ErrorCodes.Syntax, start, unterminated);
            if (_input[i] == '\\') { i += 2; continue; }
            if (_input[i] == quote) break;
            i++;
        }
        _tokens.Add(new Token(kind, _input[start..(i + 1)], start));
        _pos = i + 1;
    }

    private void LexRawString()
    {
        var close = _input.IndexOf('`', _pos + 1);
        if (close < 0) throw _source.Error(ErrorCodes.Syntax, _pos, "unterminated raw quoted string");
        _tokens.Add(new Token(TokenKind.RawString, _input[_pos..(close + 1)], _pos));
        _pos = close + 1;
    }

    private void LexNumber()
    {
        var start = _pos;
        var i = _pos;
        if (_input[i] is '+' or '-') i++;
        var digits = "0123456789_";
        if (i + 1 < _input.Length && _input[i] == '0' && (_input[i + 1] | 0x20) is 'x' or 'o' or 'b')
        {
            digits = (_input[i + 1] | 0x20) switch { 'x' => "0123456789abcdefABCDEF_", 'o' => "01234567_", _ => "01_" };
            i += 2;
        }
        var hex = digits.Length > 12;
        while (i < _input.Length && digits.Contains(_input[i])) i++;
        if (i < _input.Length && _input[i] == '.')
        {
            i++;
            while (i < _input.Length && digits.Contains(_input[i])) i++;
        }
        if (i < _input.Length && (hex ? (_input[i] | 0x20) == 'p' : (_input[i] | 0x20) == 'e'))
        {
            i++;
            if (i < _input.Length && _input[i] is '+' or '-') i++;
            while (i < _input.Length && char.IsAsciiDigit(_input[i]) || i < _input.Length && _input[i] == '_') i++;
        }
        if (i == start + 1 && _input[start] is '+' or '-' || (i < _input.Length && IsAlphaNumeric(_input[i])))
        {
            var end = i < _input.Length && IsAlphaNumeric(_input[i]) ? ScanAlphaNumeric(i) : i;
            throw _source.Error(ErrorCodes.Syntax, start, $"bad number syntax: \"{_input[start..end]}\"");
        }
        _tokens.Add(new Token(TokenKind.Number, _input[start..i], start));
        _pos = i;
    }
}
