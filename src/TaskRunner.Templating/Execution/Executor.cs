using System.Text;
using TaskRunner.Templating.Functions;
using TaskRunner.Templating.Parsing;
using TaskRunner.Templating.Syntax;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Execution;

/// <summary>
/// Runs a parsed template against data with Go's semantics (missingkey=zero): a missing map key is nil and prints as
/// nothing instead of "&lt;no value&gt;", and a field of a nil value that came from a map (a missing key, a null
/// value, a nil element being ranged over) is an error, "nil pointer evaluating interface {}.Name", as in Go.
/// </summary>
internal sealed class Executor
{
    private const int MaxTemplateDepth = 1000;

    /// <summary>
    /// A nil element of a list or map being ranged over, used as dot or as a range variable. Go keeps such an element
    /// as a nil interface value, and a field of it is an error; a nil pipeline result (a variable declared with :=, the
    /// value passed to a template) is an untyped nil instead, whose fields are nil without error. Anything that reads
    /// dot or a variable turns this marker back into null.
    /// </summary>
    private static readonly object NilElement = new();

    private static object? Unmark(object? value) => ReferenceEquals(value, NilElement) ? null : value;

    private readonly ParsedTemplate _template;
    private readonly SourceText _source;
    private readonly FunctionContext _context;
    private readonly StringBuilder _out;
    private readonly long _maxOutput;
    private readonly VariableStack _variables = new();
    private readonly RenderBudget _budget;
    private int _depth;

    public Executor(ParsedTemplate template, SourceText source, FunctionContext context, RenderLimits limits)
    {
        _template = template;
        _source = source;
        _context = context;
        _budget = new RenderBudget(limits);
        _out = new StringBuilder();
        _maxOutput = limits.MaxOutputChars;
    }

    public string Run(object? data)
    {
        using var scope = _budget.Enter();
        _variables.Push("$", data);
        Walk(data, _template.Root);
        return _out.ToString();
    }

    private TemplateException LimitError(int offset, string message) => Error(offset, message, ErrorCodes.Limit);

    private TemplateException OutputLimit(int offset) => LimitError(offset,
        $"the rendered text would pass {RenderLimits.Size(_budget.Limits.MaxOutputChars)}, TaskRunner's limit for one render: " +
        "a range, repeat or template call that runs away?");

    private TemplateException Error(int offset, string message, string code = ErrorCodes.Execution) => _source.Error(code, offset, message);

    // ---- statements ----
    private Flow Walk(object? dot, Node node)
    {
        switch (node)
        {
            case TextNode text:
                if (_out.Length + (long)text.Text.Length > _maxOutput) throw OutputLimit(text.Offset);
                _out.Append(text.Text);
                return Flow.Normal;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    var flow = Walk(dot, child);
                    if (flow != Flow.Normal) return flow;
                }
                return Flow.Normal;
            case ActionNode action:
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Declarations.Count == 0 && value is not null)
                {
                    if (GoKinds.Of(value) is not (GoKind.List or GoKind.Map or GoKind.String))
                    {
                        // A scalar prints in a few characters: straight into the output, without a string of its own.
                        GoFormat.AppendValue(_out, value);
                        if (_out.Length > _maxOutput) throw OutputLimit(action.Offset);
                        return Flow.Normal;
                    }
                    string printed;
                    try { printed = value as string ?? GoFormat.Value(value); }
                    catch (InsufficientExecutionStackException)
                    {
                        throw Error(action.Offset, "cannot print the value: it nests too deeply (a dict or list that holds itself?)");
                    }
                    catch (RenderLimitException e)
                    {
                        throw LimitError(action.Offset, "cannot print the value: " + e.Message);
                    }
                    if (_out.Length + (long)printed.Length > _maxOutput) throw OutputLimit(action.Offset);
                    _out.Append(printed);
                }
                return Flow.Normal;
            case BranchNode { Kind: BranchKind.Range } range:
                return WalkRange(dot, range);
            case BranchNode branch:
                return WalkIfOrWith(dot, branch);
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            case TemplateCallNode call:
                WalkTemplate(dot, call);
                return Flow.Normal;
            default:
                throw Error(node.Offset, $"unknown node {node.GetType().Name}");
        }
    }

    private Flow WalkIfOrWith(object? dot, BranchNode branch)
    {
        var mark = _variables.Mark();
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            if (Truth.IsTrue(value)) return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
            return branch.ElseList is null ? Flow.Normal : Walk(dot, branch.ElseList);
        }
        finally
        {
            _variables.PopTo(mark);
        }
    }

    private Flow WalkRange(object? dot, BranchNode range)
    {
        var mark = _variables.Mark();
        try
        {
            var value = EvalPipeline(dot, range.Pipe);
            var declared = range.Pipe.Declarations.Count;
            var iterated = false;
            foreach (var (key, element) in Iterate(value, range, declared))
            {
                iterated = true;
                try { _budget.Step(); }
                catch (RenderLimitException e) { throw LimitError(range.Offset, e.Message); }
                var marked = element ?? NilElement;
                if (declared > 0) _variables.SetTop(1, marked);
                if (declared > 1) _variables.SetTop(2, key);
                var iterationMark = _variables.Mark();
                var flow = Walk(marked, range.List);
                _variables.PopTo(iterationMark);
                if (flow == Flow.Break) break;
            }
            if (!iterated && range.ElseList is not null) return Walk(dot, range.ElseList);
            return Flow.Normal;
        }
        finally
        {
            _variables.PopTo(mark);
        }
    }

    private IEnumerable<(object? Key, object? Element)> Iterate(object? value, BranchNode range, int declared)
    {
        switch (GoKinds.Of(value))
        {
            case GoKind.Nil:
                return [];
            case GoKind.List:
                return Lists.AsList(value!).Select((element, i) => ((object?)(long)i, element));
            case GoKind.Map:
                return Maps.Sorted(value!).Select(e => ((object?)e.Key, e.Value));
            case GoKind.Int:
            case GoKind.Uint:
                if (declared > 1) throw Error(range.Offset, "can't use two variables to range over an integer: use {{range $i := N}}");
                return Count(Numbers.ToLong(value!));
            default:
                throw Error(range.Offset, $"range can't iterate over {GoFormat.Value(value)} ({GoKinds.TypeName(value)}): range works on lists, maps and integers");
        }
    }

    private static IEnumerable<(object? Key, object? Element)> Count(long count)
    {
        for (long i = 0; i < count; i++)
        {
            object boxed = i;
            yield return (boxed, boxed);
        }
    }

    private void WalkTemplate(object? dot, TemplateCallNode call)
    {
        try { _budget.Step(); }
        catch (RenderLimitException e) { throw LimitError(call.Offset, e.Message); }
        if (!_template.Defines.TryGetValue(call.Name, out var body))
            throw Error(call.Offset, $"no such template \"{call.Name}\": define it with {{{{define \"{call.Name}\"}}}}...{{{{end}}}}");
        if (++_depth > MaxTemplateDepth)
            throw Error(call.Offset, $"exceeded maximum template depth ({MaxTemplateDepth}): does \"{call.Name}\" call itself without end?");
        var newDot = call.Pipe is null ? null : EvalPipeline(dot, call.Pipe);
        var mark = _variables.Mark();
        // A template body sees only its own $ (the value passed in), as in Go.
        _variables.Push("$", newDot);
        try
        {
            Walk(newDot, body);
        }
        finally
        {
            _variables.PopTo(mark);
            _depth--;
        }
    }

    // ---- expressions ----
    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        object? value = null;
        for (var i = 0; i < pipe.Commands.Count; i++)
            value = EvalCommand(dot, pipe.Commands[i], value, hasFinal: i > 0);
        foreach (var variable in pipe.Declarations)
        {
            if (pipe.IsAssign)
            {
                if (!_variables.TrySet(variable.Name, value))
                    throw Error(variable.Offset, $"undefined variable \"{variable.Name}\"", ErrorCodes.UndefinedVariable);
            }
            else
            {
                _variables.Push(variable.Name, value);
            }
        }
        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final, bool hasFinal)
    {
        var first = command.Args[0];
        switch (first)
        {
            case IdentifierNode identifier:
                return CallFunction(dot, identifier, command.Args, final, hasFinal);
            case FieldNode field:
                NotAFunction(field, command, hasFinal);
                return EvalFields(dot, field.Names, field.Offset);
            case ChainNode chain:
                NotAFunction(chain, command, hasFinal);
                return EvalFields(EvalArg(dot, chain.Target), chain.Fields, chain.Offset, "(...)");
            case VariableNode variable:
                NotAFunction(variable, command, hasFinal);
                return EvalVariable(variable);
            case PipeNode pipe:
                NotAFunction(pipe, command, hasFinal);
                return EvalPipeline(dot, pipe);
            case NilNode nil:
                throw Error(nil.Offset, "nil is not a command", ErrorCodes.Syntax);
            case DotNode:
                NotAFunction(first, command, hasFinal);
                return Unmark(dot);
            case LiteralNode literal:
                NotAFunction(first, command, hasFinal);
                return literal.Value;
            default:
                throw Error(first.Offset, $"can't evaluate command {first.GetType().Name}");
        }
    }

    private void NotAFunction(Node node, CommandNode command, bool hasFinal)
    {
        if (command.Args.Count <= 1 && !hasFinal) return;
        var what = node switch
        {
            FieldNode field => "." + string.Join('.', field.Names),
            VariableNode variable => variable.Name,
            LiteralNode literal => GoFormat.Value(literal.Value),
            DotNode => ".",
            PipeNode => "parenthesized pipeline",
            _ => "field chain",
        };
        throw Error(node.Offset, $"can't give argument to non-function {what}: only functions take arguments or piped values", ErrorCodes.BadArguments);
    }

    private object? EvalArg(object? dot, Node node) => node switch
    {
        DotNode => Unmark(dot),
        NilNode => null,
        FieldNode field => EvalFields(dot, field.Names, field.Offset),
        VariableNode variable => EvalVariable(variable),
        PipeNode pipe => EvalPipeline(dot, pipe),
        IdentifierNode identifier => CallFunction(dot, identifier, [identifier], null, false),
        ChainNode chain => EvalFields(EvalArg(dot, chain.Target), chain.Fields, chain.Offset, "(...)"),
        LiteralNode literal => literal.Value,
        _ => throw Error(node.Offset, $"can't evaluate argument {node.GetType().Name}"),
    };

    private object? EvalVariable(VariableNode variable)
    {
        if (!_variables.TryGet(variable.Name, out var value))
            throw Error(variable.Offset, $"undefined variable \"{variable.Name}\"", ErrorCodes.UndefinedVariable);
        return variable.Fields.Length == 0 ? Unmark(value) : EvalFields(value, variable.Fields, variable.Offset, variable.Name);
    }

    /// <summary>
    /// Follows a field chain. A missing key is nil. A field of that nil (or of a null value, or of a nil range element)
    /// is Go's "nil pointer evaluating interface {}" error; a field of an untyped nil (nil data, a nil variable or
    /// template argument, a parenthesized pipeline) is nil without error, as in Go.
    /// </summary>
    private object? EvalFields(object? receiver, string[] names, int offset, string start = "")
    {
        var fromMap = ReferenceEquals(receiver, NilElement);
        receiver = Unmark(receiver);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (receiver is null)
            {
                if (!fromMap) return null;
                var path = start + (i == 0 ? (start.Length == 0 ? "." : "") : "." + string.Join('.', names[..i]));
                throw Error(offset, $"nil pointer evaluating interface {{}}.{name}: {path} is missing or null " +
                    "(names are case-sensitive); test it first with if or with, or give it a value");
            }
            fromMap = true;
            if (Maps.TryGet(receiver, name, out var value, out _))
            {
                receiver = value;
                continue;
            }
            if (GoKinds.Of(receiver) is GoKind.Other && Maps.TryGetProperty(receiver, name, out value))
            {
                receiver = value;
                continue;
            }
            throw Error(offset, $"can't evaluate field {name} in type {GoKinds.TypeName(receiver)}: only maps have fields");
        }
        return receiver;
    }

    private object? CallFunction(object? dot, IdentifierNode identifier, List<Node> args, object? final, bool hasFinal)
    {
        var function = identifier.Function;
        var count = args.Count - 1 + (hasFinal ? 1 : 0);
        if (count < function.MinArgs || (function.MaxArgs >= 0 && count > function.MaxArgs))
        {
            var want = function.MaxArgs < 0 ? $"at least {function.MinArgs}"
                : function.MinArgs == function.MaxArgs ? function.MinArgs.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{function.MinArgs} to {function.MaxArgs}";
            throw Error(identifier.Offset, $"wrong number of args for {identifier.Name}: want {want} got {count}", ErrorCodes.BadArguments);
        }
        if (identifier.Name is "and" or "or") return ShortCircuit(dot, identifier.Name == "and", args, final, hasFinal);

        var values = new object?[count];
        for (var i = 1; i < args.Count; i++) values[i - 1] = EvalArg(dot, args[i]);
        if (hasFinal) values[^1] = final;
        try
        {
            _budget.Step();
            var result = function.Body(values, _context);
            _budget.Result(result);
            return result;
        }
        catch (RenderLimitException e)
        {
            throw LimitError(identifier.Offset, $"error calling {identifier.Name}: {e.Message}");
        }
        catch (FunctionException e)
        {
            throw Error(identifier.Offset, $"error calling {identifier.Name}: {e.Message}", e.Code);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or FormatException or InvalidOperationException
            or InsufficientExecutionStackException or System.Security.Cryptography.CryptographicException or IOException)
        {
            // A value outside what a function's .NET implementation takes (where Go would fail or panic the same
            // call): an execution error at the call, never an internal error of TaskRunner.
            var why = e is InsufficientExecutionStackException ? "the value nests too deeply (a dict or list that holds itself?)" : e.Message;
            throw Error(identifier.Offset, $"error calling {identifier.Name}: {why}", ErrorCodes.Execution);
        }
    }

    /// <summary>and/or evaluate arguments left to right and stop at the first that decides; that value is the result.</summary>
    private object? ShortCircuit(object? dot, bool isAnd, List<Node> args, object? final, bool hasFinal)
    {
        object? value = null;
        var total = args.Count - 1 + (hasFinal ? 1 : 0);
        for (var i = 0; i < total; i++)
        {
            value = i + 1 < args.Count ? EvalArg(dot, args[i + 1]) : final;
            if (Truth.IsTrue(value) != isAnd) return value;
        }
        return value;
    }
}
