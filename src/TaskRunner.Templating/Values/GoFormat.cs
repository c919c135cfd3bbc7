using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>Go's fmt default formatting (%v), Sprint/Sprintln spacing, and strconv.Quote.</summary>
internal static class GoFormat
{
    /// <summary>%v: nil is "&lt;nil&gt;", lists "[a b]", maps "map[k:v]" with sorted keys, times as Go prints them.</summary>
    public static string Value(object? value)
    {
        var sb = new StringBuilder();
        AppendValue(sb, value);
        return sb.ToString();
    }

    public static void AppendValue(StringBuilder sb, object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // a value that holds itself
        switch (GoKinds.Of(value))
        {
            case GoKind.Nil: sb.Append("<nil>"); break;
            case GoKind.String: sb.Append((string)value!); break;
            case GoKind.Bool: sb.Append((bool)value! ? "true" : "false"); break;
            case GoKind.Int: sb.Append(Numbers.ToLong(value!).ToString(CultureInfo.InvariantCulture)); break;
            case GoKind.Uint: sb.Append(Convert.ToUInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
            case GoKind.Float: sb.Append(GoFloat.Format(Numbers.ToDouble(value!))); break;
            case GoKind.Time: sb.Append(GoTimeLayout.Format(AsTime(value!), GoTimeLayout.Default)); break;
            case GoKind.Map:
                sb.Append("map[");
                var first = true;
                foreach (var (k, v) in Maps.Sorted(value!))
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    sb.Append(k).Append(':');
                    AppendValue(sb, v);
                    Execution.RenderBudget.Check(sb);
                }
                sb.Append(']');
                break;
            case GoKind.List:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in Lists.AsList(value!))
                {
                    if (!firstItem) sb.Append(' ');
                    firstItem = false;
                    AppendValue(sb, item);
                    Execution.RenderBudget.Check(sb);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static DateTimeOffset AsTime(object value) => value switch
    {
        DateTimeOffset o => o,
        DateTime d => d.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(d, TimeSpan.Zero) : new DateTimeOffset(d),
        _ => throw new InvalidCastException(),
    };

    /// <summary>fmt.Sprint: a space between operands when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            AppendValue(sb, args[i]);
            Execution.RenderBudget.Check(sb);
        }
        return sb.ToString();
    }

    /// <summary>fmt.Sprintln: always a space between operands, and a newline at the end.</summary>
    public static string Sprintln(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            AppendValue(sb, args[i]);
            Execution.RenderBudget.Check(sb);
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>strconv.Quote: a double-quoted Go string literal.</summary>
    public static string Quote(string s, char quote = '"')
    {
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) cp = char.ConvertToUtf32(c, s[++i]);
            switch (cp)
            {
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (cp == quote) sb.Append('\\').Append(quote);
                    else if (cp < 0x20 || cp == 0x7f) sb.Append("\\x").Append(cp.ToString("x2", CultureInfo.InvariantCulture));
                    else if (IsPrintable(cp)) sb.Append(char.ConvertFromUtf32(cp));
                    else if (cp < 0x10000) sb.Append("\\u").Append(cp.ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Roughly Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
