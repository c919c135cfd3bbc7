using System.Globalization;
using System.Text;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Go text/template's predefined functions (and, or and call are handled by the executor or omitted; slice is
/// Sprig's, which replaces Go's in ACR's function map).
/// </summary>
internal static class GoBuiltins
{
    public static void Register(FunctionTable t)
    {
        // and/or short-circuit: the executor evaluates them; these entries make the names known to the parser.
        t.Add("and", 1, -1, (_, _) => throw new InvalidOperationException("and is evaluated by the executor"));
        t.Add("or", 1, -1, (_, _) => throw new InvalidOperationException("or is evaluated by the executor"));
        t.Add("not", 1, 1, (a, _) => !Truth.IsTrue(a[0]));
        t.Add("len", 1, 1, (a, _) => Length(a[0]));
        t.Add("index", 1, -1, (a, _) => Index(a));
        t.Add("print", 0, -1, (a, _) => GoFormat.Sprint(a));
        t.Add("println", 0, -1, (a, _) => GoFormat.Sprintln(a));
        t.Add("printf", 1, -1, (a, _) => GoPrintf.Format(Args.String(a, 0), a[1..]));
        t.Add("eq", 1, -1, (a, _) => a.Length < 2 ? throw FunctionException.Arguments("missing argument for comparison") : Compare(() => Comparison.Equal(a[0], a[1..])));
        t.Add("ne", 2, 2, (a, _) => Compare(() => !Comparison.Equal(a[0], [a[1]])));
        t.Add("lt", 2, 2, (a, _) => Compare(() => Comparison.Less(a[0], a[1])));
        t.Add("le", 2, 2, (a, _) => Compare(() => Comparison.Less(a[0], a[1]) || Comparison.Equal(a[0], [a[1]])));
        t.Add("gt", 2, 2, (a, _) => Compare(() => !(Comparison.Less(a[0], a[1]) || Comparison.Equal(a[0], [a[1]]))));
        t.Add("ge", 2, 2, (a, _) => Compare(() => !Comparison.Less(a[0], a[1])));
        t.Add("urlquery", 0, -1, (a, _) => QueryEscape(EvalArgs(a)));
        t.Add("html", 0, -1, (a, _) => HtmlEscape(EvalArgs(a)));
        t.Add("js", 0, -1, (a, _) => JsEscape(EvalArgs(a)));
    }

    private static bool Compare(Func<bool> comparison)
    {
        try { return comparison(); }
        catch (Comparison.ComparisonException e) { throw FunctionException.Arguments(e.Message); }
    }

    /// <summary>
    /// html, js and urlquery take their arguments as one string (fmt.Sprint of several); a nil argument reads as
    /// "&lt;no value&gt;", as Go's evalArgs prints it (escaped along with the rest, so it survives acb's stripping).
    /// </summary>
    private static string EvalArgs(object?[] args) =>
        args is [string s] ? s : GoFormat.Sprint(args.Select(a => a ?? "<no value>").ToArray());

    private static long Length(object? value) => GoKinds.Of(value) switch
    {
        GoKind.String => Encoding.UTF8.GetByteCount((string)value!),
        GoKind.List => Lists.Count(value!),
        GoKind.Map => Maps.Count(value!),
        GoKind.Nil => throw FunctionException.Failed("len of nil pointer: the value is missing"),
        _ => throw FunctionException.Arguments($"len of type {GoKinds.TypeName(value)}: len works on strings, lists and maps"),
    };

    private static long IndexValue(object? index, string what)
    {
        if (GoKinds.Of(index) is GoKind.Int or GoKind.Uint) return Numbers.ToLong(index!);
        throw FunctionException.Arguments($"cannot index {what} with type {GoKinds.TypeName(index)}: use an integer");
    }

    private static object? Index(object?[] args)
    {
        var item = args[0];
        for (var k = 1; k < args.Length; k++)
        {
            var key = args[k];
            switch (GoKinds.Of(item))
            {
                case GoKind.Nil:
                    throw FunctionException.Failed("index of untyped nil: the value being indexed is missing");
                case GoKind.Map:
                    if (key is not string name)
                        throw FunctionException.Arguments($"value has type {GoKinds.TypeName(key)}; should be string (map keys are strings)");
                    Maps.TryGet(item!, name, out item, out _);
                    break;
                case GoKind.List:
                {
                    var list = Lists.AsList(item!);
                    var i = IndexValue(key, "a list");
                    if (i < 0 || i >= list.Count) throw FunctionException.Failed($"index out of range: {i} (the list has {list.Count} items)");
                    item = list[(int)i];
                    break;
                }
                case GoKind.String:
                {
                    var bytes = Encoding.UTF8.GetBytes((string)item!);
                    var i = IndexValue(key, "a string");
                    if (i < 0 || i >= bytes.Length) throw FunctionException.Failed($"index out of range: {i}");
                    item = (long)bytes[i];
                    break;
                }
                default:
                    throw FunctionException.Arguments($"can't index item of type {GoKinds.TypeName(item)}");
            }
        }
        return item;
    }

    /// <summary>url.QueryEscape.</summary>
    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else if (c == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>template.HTMLEscapeString.</summary>
    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&#39;",
                '"' => "&#34;",
                '\0' => "\uFFFD",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>template.JSEscapeString.</summary>
    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append(@"\u003C"); break;
                case '>': sb.Append(@"\u003E"); break;
                case '&': sb.Append(@"\u0026"); break;
                case '=': sb.Append(@"\u003D"); break;
                case '`': sb.Append(@"\u0060"); break;
                default:
                    int cp = c;
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                        break;
                    }
                    if (cp < 0x80 && cp >= 0x20 && cp != 0x7f || cp >= 0x80 && GoFormat.IsPrintable(cp)) sb.Append(c);
                    else sb.Append(@"\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.ToString();
    }
}
