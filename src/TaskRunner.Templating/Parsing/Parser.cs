using TaskRunner.Templating.Functions;
using TaskRunner.Templating.Lexing;
using TaskRunner.Templating.Syntax;

namespace TaskRunner.Templating.Parsing;

/// <summary>
/// Builds the tree from tokens following Go's text/template grammar. Like Go, it reports unknown functions and
/// undefined variables here, before anything runs.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly SourceText _source;
    private readonly FunctionTable _functions;
    private readonly Dictionary<string, ListNode> _defines = new(StringComparer.Ordinal);
    private List<string> _variables = ["$"];
    private int _rangeDepth;
    private int _depth;

    /// <summary>Deeper nesting than this (actions or parentheses) is refused, as Go refuses expressions nested 10000 deep.</summary>
    private const int MaxDepth = 500;
    private int _index;

    private Parser(List<Token> tokens, SourceText source, FunctionTable functions)
    {
        _tokens = tokens;
        _source = source;
        _functions = functions;
    }

    public static ParsedTemplate Parse(string text, string left, string right, SourceText source, FunctionTable functions)
    {
        var parser = new Parser(Lexer.Tokenize(text, left, right, source), source, functions);
        var root = parser.ParseTop();
        return new ParsedTemplate(root, parser._defines);
    }

    // ---- token navigation ----
    private Token Peek() => _tokens[_index];
    private Token Next() => _tokens[Math.Min(_index++, _tokens.Count - 1)];
    private void Backup() => _index--;

    private Token NextNonSpace()
    {
        var t = Next();
        while (t.Kind == TokenKind.Space) t = Next();
        return t;
    }

    private Token PeekNonSpace()
    {
        var t = NextNonSpace();
        Backup();
        return t;
    }

    private TemplateException Error(int offset, string message, string code = ErrorCodes.Syntax) => _source.Error(code, offset, message);

    private TemplateException Unexpected(Token t, string context) => Error(t.Offset, $"unexpected {t} in {context}");

    private void ExpectRightDelim(string context)
    {
        var t = NextNonSpace();
        if (t.Kind != TokenKind.RightDelim) throw Unexpected(t, context);
    }

    private string Describe(int offset) => $"line {_source.Position(offset).Line}";

    // ---- lists ----
    private ListNode ParseTop()
    {
        var nodes = new List<Node>();
        while (Peek().Kind != TokenKind.Eof)
        {
            var t = Peek();
            if (t.Kind == TokenKind.LeftDelim)
            {
                var save = _index;
                Next();
                var keyword = PeekNonSpace();
                if (keyword is { Kind: TokenKind.Keyword, Value: "define" })
                {
                    NextNonSpace();
                    ParseDefine(keyword.Offset);
                    continue;
                }
                if (keyword is { Kind: TokenKind.Keyword, Value: "end" or "else" })
                    throw Error(keyword.Offset, $"unexpected {{{{{keyword.Value}}}}}: there is no open if, range or with to {(keyword.Value == "end" ? "close" : "continue")}");
                _index = save;
            }
            nodes.Add(ParseTextOrAction());
        }
        return new ListNode(0, nodes);
    }

    /// <summary>Parses until {{end}} or {{else}}; the keyword is consumed, and for end also its closing delimiter.</summary>
    private (ListNode List, string Terminator) ParseList(int openOffset, string opener)
    {
        var nodes = new List<Node>();
        var start = Peek().Offset;
        while (true)
        {
            var t = Peek();
            if (t.Kind == TokenKind.Eof)
                throw Error(openOffset, $"{{{{{opener}}}}} at {Describe(openOffset)} is never closed: add {{{{ end }}}}");
            if (t.Kind == TokenKind.LeftDelim)
            {
                var save = _index;
                Next();
                var keyword = PeekNonSpace();
                if (keyword is { Kind: TokenKind.Keyword, Value: "end" or "else" })
                {
                    NextNonSpace();
                    if (keyword.Value == "end") ExpectRightDelim("end");
                    return (new ListNode(start, nodes), keyword.Value);
                }
                if (keyword is { Kind: TokenKind.Keyword, Value: "define" })
                    throw Error(keyword.Offset, "{{define}} is only allowed at the top level, not inside another action");
                _index = save;
            }
            nodes.Add(ParseTextOrAction());
        }
    }

    private Node ParseTextOrAction()
    {
        var t = Next();
        if (t.Kind == TokenKind.Text) return new TextNode(t.Offset, t.Value);
        if (t.Kind != TokenKind.LeftDelim) throw Unexpected(t, "input");
        return ParseAction(t.Offset);
    }

    private Node ParseAction(int delimOffset)
    {
        var t = PeekNonSpace();
        if (t.Kind == TokenKind.Keyword)
        {
            NextNonSpace();
            switch (t.Value)
            {
                case "if": return ParseControl(BranchKind.If, t.Offset, "if");
                case "with": return ParseControl(BranchKind.With, t.Offset, "with");
                case "range": return ParseControl(BranchKind.Range, t.Offset, "range");
                case "template": return ParseTemplateCall(t.Offset);
                case "block": return ParseBlock(t.Offset);
                case "break":
                case "continue":
                    if (_rangeDepth == 0) throw Error(t.Offset, $"{{{{{t.Value}}}}} outside {{{{range}}}}: it can only be used inside a range");
                    ExpectRightDelim(t.Value);
                    return t.Value == "break" ? new BreakNode(t.Offset) : new ContinueNode(t.Offset);
            }
            throw Unexpected(t, "action");
        }
        var pipe = ParsePipeline("command", TokenKind.RightDelim, delimOffset);
        return new ActionNode(delimOffset, pipe);
    }

    private void Enter(int offset)
    {
        if (++_depth > MaxDepth) throw Error(offset, $"max nesting depth exceeded: actions and parentheses nest at most {MaxDepth} deep");
    }

    private BranchNode ParseControl(BranchKind kind, int offset, string context)
    {
        Enter(offset);
        var mark = _variables.Count;
        var pipe = ParsePipeline(context, TokenKind.RightDelim, offset);
        if (kind == BranchKind.Range) _rangeDepth++;
        var (list, terminator) = ParseList(offset, context);
        if (kind == BranchKind.Range) _rangeDepth--;
        ListNode? elseList = null;
        if (terminator == "else")
        {
            var next = PeekNonSpace();
            if ((kind == BranchKind.If && next is { Kind: TokenKind.Keyword, Value: "if" }) ||
                (kind == BranchKind.With && next is { Kind: TokenKind.Keyword, Value: "with" }))
            {
                NextNonSpace();
                // "{{else if x}}...{{end}}" is "{{else}}{{if x}}...{{end}}{{end}}": the nested one consumes the end.
                elseList = new ListNode(next.Offset, [ParseControl(kind, next.Offset, context)]);
            }
            else
            {
                ExpectRightDelim("else");
                var (otherwise, end) = ParseList(offset, context);
                if (end != "end") throw Error(offset, $"{{{{{context}}}}} at {Describe(offset)} has two {{{{else}}}} branches: use {{{{else {context} ...}}}} or close with {{{{end}}}}");
                elseList = otherwise;
            }
        }
        _variables.RemoveRange(mark, _variables.Count - mark);
        _depth--;
        return new BranchNode(offset, kind, pipe, list, elseList);
    }

    private string ParseTemplateName(string context)
    {
        var t = NextNonSpace();
        if (t.Kind is not (TokenKind.String or TokenKind.RawString)) throw Unexpected(t, context + " (expected a quoted template name)");
        return Unquote(t);
    }

    private TemplateCallNode ParseTemplateCall(int offset)
    {
        var name = ParseTemplateName("template");
        PipeNode? pipe = null;
        if (PeekNonSpace().Kind != TokenKind.RightDelim) pipe = ParsePipeline("template", TokenKind.RightDelim, offset);
        else NextNonSpace();
        return new TemplateCallNode(offset, name, pipe);
    }

    private TemplateCallNode ParseBlock(int offset)
    {
        var name = ParseTemplateName("block");
        var pipe = ParsePipeline("block", TokenKind.RightDelim, offset);
        var body = ParseDefinitionBody(offset, "block");
        _defines[name] = body;
        return new TemplateCallNode(offset, name, pipe);
    }

    private void ParseDefine(int offset)
    {
        var name = ParseTemplateName("define");
        ExpectRightDelim("define");
        _defines[name] = ParseDefinitionBody(offset, "define");
    }

    private ListNode ParseDefinitionBody(int offset, string context)
    {
        var (savedVariables, savedDepth) = (_variables, _rangeDepth);
        (_variables, _rangeDepth) = (["$"], 0);
        var (body, terminator) = ParseList(offset, context);
        if (terminator != "end") throw Error(offset, $"{{{{{context}}}}} cannot have an {{{{else}}}}");
        (_variables, _rangeDepth) = (savedVariables, savedDepth);
        return body;
    }

    // ---- pipelines ----
    private PipeNode ParsePipeline(string context, TokenKind end, int offset)
    {
        var declarations = new List<VariableNode>();
        var isAssign = false;
        var first = PeekNonSpace();
        if (first.Kind == TokenKind.Variable)
        {
            var save = _index;
            NextNonSpace();
            var op = NextNonSpace();
            if (op.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                isAssign = op.Kind == TokenKind.Assign;
                declarations.Add(Declare(first, isAssign));
            }
            else if (op.Kind == TokenKind.Comma && context == "range")
            {
                var second = NextNonSpace();
                if (second.Kind != TokenKind.Variable) throw Unexpected(second, "range declaration (expected a second variable)");
                var op2 = NextNonSpace();
                if (op2.Kind is not (TokenKind.Declare or TokenKind.Assign)) throw Unexpected(op2, "range declaration (expected \":=\")");
                isAssign = op2.Kind == TokenKind.Assign;
                declarations.Add(Declare(first, isAssign));
                declarations.Add(Declare(second, isAssign));
            }
            else if (op.Kind == TokenKind.Comma)
            {
                throw Error(op.Offset, $"too many declarations in {context}: only range declares two variables");
            }
            else
            {
                _index = save;
            }
        }
        var commands = new List<CommandNode>();
        while (true)
        {
            var t = NextNonSpace();
            if (t.Kind == end)
            {
                CheckPipeline(commands, context, t.Offset);
                return new PipeNode(offset, isAssign, declarations, commands);
            }
            switch (t.Kind)
            {
                case TokenKind.Bool or TokenKind.Char or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier or TokenKind.Number
                    or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable or TokenKind.LeftParen:
                    Backup();
                    commands.Add(ParseCommand(context));
                    break;
                default:
                    throw Unexpected(t, context);
            }
        }
    }

    private VariableNode Declare(Token variable, bool isAssign)
    {
        if (isAssign)
        {
            if (!_variables.Contains(variable.Value))
                throw Error(variable.Offset, $"undefined variable \"{variable.Value}\": declare it first with {variable.Value} := ...", ErrorCodes.UndefinedVariable);
        }
        else
        {
            _variables.Add(variable.Value);
        }
        return new VariableNode(variable.Offset, variable.Value, []);
    }

    private void CheckPipeline(List<CommandNode> commands, string context, int offset)
    {
        if (commands.Count == 0) throw Error(offset, $"missing value for {context}");
        for (var i = 1; i < commands.Count; i++)
        {
            if (commands[i].Args[0] is LiteralNode or DotNode or NilNode or PipeNode)
                throw Error(commands[i].Offset, $"non executable command in pipeline stage {i + 1}: only a function or a method can take the piped value");
        }
    }

    private CommandNode ParseCommand(string context)
    {
        var args = new List<Node>();
        var offset = PeekNonSpace().Offset;
        while (true)
        {
            PeekNonSpace();
            var operand = ParseOperand();
            if (operand is not null) args.Add(operand);
            var t = Next();
            if (t.Kind == TokenKind.Space) continue;
            if (t.Kind is TokenKind.RightDelim or TokenKind.RightParen) Backup();
            else if (t.Kind != TokenKind.Pipe) throw Unexpected(t, "operand");
            break;
        }
        if (args.Count == 0) throw Error(offset, $"empty command in {context}");
        return new CommandNode(offset, args);
    }

    private Node? ParseOperand()
    {
        var term = ParseTerm();
        if (term is null) return null;
        if (Peek().Kind != TokenKind.Field) return term;
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field) fields.Add(Next().Value[1..]);
        return term switch
        {
            FieldNode f => new FieldNode(f.Offset, [.. f.Names, .. fields]),
            VariableNode v => new VariableNode(v.Offset, v.Name, [.. v.Fields, .. fields]),
            LiteralNode or NilNode or DotNode => throw Error(term.Offset, "unexpected . after term: only maps, variables and parenthesised pipelines have fields"),
            _ => new ChainNode(term.Offset, term, [.. fields]),
        };
    }

    private Node? ParseTerm()
    {
        var t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Identifier:
                if (!_functions.TryGet(t.Value, out var function))
                    throw Error(t.Offset, $"function \"{t.Value}\" not defined: check the spelling (see docs/templates.md for the list)", ErrorCodes.UnknownFunction);
                return new IdentifierNode(t.Offset, t.Value, function);
            case TokenKind.Dot:
                return new DotNode(t.Offset);
            case TokenKind.Nil:
                return new NilNode(t.Offset);
            case TokenKind.Variable:
                if (!_variables.Contains(t.Value))
                    throw Error(t.Offset, $"undefined variable \"{t.Value}\": declare it first with {t.Value} := ...", ErrorCodes.UndefinedVariable);
                return new VariableNode(t.Offset, t.Value, []);
            case TokenKind.Field:
                return new FieldNode(t.Offset, [t.Value[1..]]);
            case TokenKind.Bool:
                return new LiteralNode(t.Offset, t.Value == "true");
            case TokenKind.Number:
                try { return new LiteralNode(t.Offset, Literals.Number(t.Value)); }
                catch (FormatException e) { throw Error(t.Offset, e.Message); }
            case TokenKind.Char:
                try { return new LiteralNode(t.Offset, Literals.CharValue(t.Value)); }
                catch (FormatException e) { throw Error(t.Offset, $"bad character constant {t.Value}: {e.Message}"); }
            case TokenKind.String:
            case TokenKind.RawString:
                return new LiteralNode(t.Offset, Unquote(t));
            case TokenKind.LeftParen:
                Enter(t.Offset);
                var pipe = ParsePipeline("parenthesized pipeline", TokenKind.RightParen, t.Offset);
                _depth--;
                return pipe;
            default:
                Backup();
                return null;
        }
    }

    private string Unquote(Token t)
    {
        try { return Literals.Unquote(t.Value); }
        catch (FormatException e) { throw Error(t.Offset, $"bad string {t.Value}: {e.Message}"); }
    }
}
