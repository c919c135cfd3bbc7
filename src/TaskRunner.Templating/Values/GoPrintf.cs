using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>
/// Go's fmt.Sprintf for the verbs templates use: %v %s %q %d %b %o %x %X %c %U %t %e %E %f %F %g %G %T %%, with flags
/// (+ - # 0 space), width and precision (also '*'). Mistakes print as Go prints them: %!d(string=x), %!s(MISSING),
/// %!(EXTRA int=1).
/// </summary>
internal static class GoPrintf
{
    private struct Spec
    {
        public bool Plus, Minus, Sharp, Zero, Space;
        public int Width, Precision; // -1 when absent
    }

    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder(format.Length + 16);
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var percent = format.IndexOf('%', i);
            if (percent < 0) { sb.Append(format, i, format.Length - i); break; }
            sb.Append(format, i, percent - i);
            i = percent + 1;
            var spec = new Spec { Width = -1, Precision = -1 };
            for (; i < format.Length; i++)
            {
                var f = format[i];
                if (f == '+') spec.Plus = true;
                else if (f == '-') spec.Minus = true;
                else if (f == '#') spec.Sharp = true;
                else if (f == '0') spec.Zero = true;
                else if (f == ' ') spec.Space = true;
                else break;
            }
            if (i < format.Length && format[i] == '*')
            {
                i++;
                if (argIndex < args.Count && GoKinds.Of(args[argIndex]) is GoKind.Int or GoKind.Uint)
                {
                    spec.Width = (int)Numbers.ToLong(args[argIndex++]!);
                    if (spec.Width < 0) { spec.Minus = true; spec.Width = -spec.Width; }
                }
                else { sb.Append("%!(BADWIDTH)"); argIndex++; }
            }
            else spec.Width = ReadNumber(format, ref i);
            if (spec.Width > TooLarge) { sb.Append("%!(BADWIDTH)"); spec.Width = -1; }
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    if (argIndex < args.Count && GoKinds.Of(args[argIndex]) is GoKind.Int or GoKind.Uint)
                        spec.Precision = Math.Max(0, (int)Numbers.ToLong(args[argIndex++]!));
                    else { sb.Append("%!(BADPREC)"); argIndex++; }
                }
                else spec.Precision = Math.Max(0, ReadNumber(format, ref i));
                if (spec.Precision > TooLarge) { sb.Append("%!(BADPREC)"); spec.Precision = -1; }
            }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var verb = format[i++];
            if (verb == '%') { sb.Append('%'); continue; }
            if (argIndex >= args.Count) { sb.Append("%!").Append(verb).Append("(MISSING)"); continue; }
            sb.Append(FormatPadded(args[argIndex++], verb, spec));
        }
        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (var a = argIndex; a < args.Count; a++)
            {
                if (a > argIndex) sb.Append(", ");
                sb.Append(GoKinds.TypeName(args[a]));
                if (args[a] is not null) sb.Append('=').Append(GoFormat.Value(args[a]));
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    /// <summary>Widths and precisions above this are refused, as Go's fmt does ("%!(BADWIDTH)").</summary>
    private const int TooLarge = 1_000_000;

    private static int ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == start) return -1;
        return i - start > 7 ? TooLarge + 1 : int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    /// <summary>Formats one operand with width applied as Go does: to each element of a list or map, not to the brackets.</summary>
    private static string FormatPadded(object? arg, char verb, Spec spec) =>
        verb != 'T' && GoKinds.Of(arg) is GoKind.List or GoKind.Map ? FormatArg(arg, verb, spec) : Pad(FormatArg(arg, verb, spec), spec, verb);

    private static string Pad(string text, Spec spec, char verb)
    {
        // Counting text elements walks the whole text: only worth it when there is a width to pad to.
        if (spec.Width <= 0) return text;
        var length = new StringInfo(text).LengthInTextElements;
        if (spec.Width <= length) return text;
        var fill = spec.Width - length;
        if (spec.Minus) return text + new string(' ', fill);
        if (spec.Zero && verb != 'T' && text.Length > 0 && !text.StartsWith("%!"))
        {
            var signed = text[0] is '-' or '+' or ' ' && verb is 'd' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 'v' or 'b' or 'o' or 'x' or 'X';
            return signed ? text[0] + new string('0', fill) + text[1..] : new string('0', fill) + text;
        }
        return new string(' ', fill) + text;
    }

    private static string Bad(char verb, object? arg) =>
        arg is null ? $"%!{verb}(<nil>)" : $"%!{verb}({GoKinds.TypeName(arg)}={GoFormat.Value(arg)})";

    private static string FormatArg(object? arg, char verb, Spec spec)
    {
        if (verb == 'T') return GoKinds.TypeName(arg);
        switch (GoKinds.Of(arg))
        {
            case GoKind.Nil:
                return verb == 'v' ? "<nil>" : Bad(verb, null);
            case GoKind.Bool:
                return verb is 't' or 'v' ? ((bool)arg! ? "true" : "false") : Bad(verb, arg);
            case GoKind.Int:
            case GoKind.Uint:
                return FormatInteger(arg!, verb, spec);
            case GoKind.Float:
                return FormatFloat(Numbers.ToDouble(arg!), verb, spec) ?? Bad(verb, arg);
            case GoKind.String:
                return FormatString((string)arg!, verb, spec) ?? Bad(verb, arg);
            case GoKind.Time:
                return FormatString(GoFormat.Value(arg), verb, spec) ?? Bad(verb, arg);
            case GoKind.List:
            {
                var sb = new StringBuilder("[");
                var items = Lists.AsList(arg!);
                for (var k = 0; k < items.Count; k++)
                {
                    if (k > 0) sb.Append(' ');
                    sb.Append(FormatPadded(items[k], verb, spec));
                    Execution.RenderBudget.Check(sb);
                }
                return sb.Append(']').ToString();
            }
            case GoKind.Map:
            {
                var sb = new StringBuilder("map[");
                var first = true;
                foreach (var (key, value) in Maps.Sorted(arg!))
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    sb.Append(FormatPadded(key, verb, spec)).Append(':').Append(FormatPadded(value, verb, spec));
                    Execution.RenderBudget.Check(sb);
                }
                return sb.Append(']').ToString();
            }
            default:
                return verb is 'v' or 's' ? GoFormat.Value(arg) : Bad(verb, arg);
        }
    }

    private static string FormatInteger(object arg, char verb, Spec spec)
    {
        bool negative;
        ulong magnitude;
        if (arg is ulong or uint or ushort or byte)
        {
            negative = false;
            magnitude = Convert.ToUInt64(arg, CultureInfo.InvariantCulture);
        }
        else
        {
            var signed = Numbers.ToLong(arg);
            negative = signed < 0;
            magnitude = negative ? (ulong)(-(signed + 1)) + 1 : (ulong)signed;
        }
        string digits;
        var prefix = "";
        switch (verb)
        {
            case 'd': case 'v': digits = magnitude.ToString(CultureInfo.InvariantCulture); break;
            case 'b': digits = Convert.ToString(unchecked((long)magnitude), 2); if (spec.Sharp) prefix = "0b"; break;
            case 'o': case 'O': digits = Convert.ToString(unchecked((long)magnitude), 8); if (verb == 'O') prefix = "0o"; else if (spec.Sharp) prefix = "0"; break;
            case 'x': digits = magnitude.ToString("x", CultureInfo.InvariantCulture); if (spec.Sharp) prefix = "0x"; break;
            case 'X': digits = magnitude.ToString("X", CultureInfo.InvariantCulture); if (spec.Sharp) prefix = "0X"; break;
            case 'c': return magnitude <= 0x10FFFF && !negative ? char.ConvertFromUtf32((int)magnitude) : "\uFFFD";
            case 'q': return magnitude <= 0x10FFFF && !negative ? GoFormat.Quote(char.ConvertFromUtf32((int)magnitude), '\'') : "'\uFFFD'";
            case 'U': return "U+" + magnitude.ToString("X4", CultureInfo.InvariantCulture);
            default: return Bad(verb, arg);
        }
        if (spec.Precision >= 0 && digits.Length < spec.Precision) digits = new string('0', spec.Precision - digits.Length) + digits;
        var sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        return sign + prefix + digits;
    }

    private static string? FormatFloat(double v, char verb, Spec spec)
    {
        var text = verb switch
        {
            'v' or 'g' => spec.Precision >= 0 ? GoFloat.FormatG(v, spec.Precision, false) : GoFloat.Format(v),
            'G' => GoFloat.FormatG(v, spec.Precision, true),
            'e' or 'E' => GoFloat.FormatE(v, spec.Precision < 0 ? 6 : spec.Precision, verb == 'E'),
            'f' or 'F' => GoFloat.FormatF(v, spec.Precision < 0 ? 6 : spec.Precision),
            _ => null,
        };
        if (text is null) return null;
        if (!text.StartsWith('-') && (spec.Plus || spec.Space) && !double.IsNaN(v)) text = (spec.Plus ? "+" : " ") + text;
        return text;
    }

    private static string? FormatString(string s, char verb, Spec spec)
    {
        if (spec.Precision >= 0 && verb is 's' or 'v' or 'q')
        {
            var info = new StringInfo(s);
            if (info.LengthInTextElements > spec.Precision) s = info.SubstringByTextElements(0, spec.Precision);
        }
        switch (verb)
        {
            case 's': case 'v': return s;
            case 'q': return spec.Sharp && !s.Contains('`') ? "`" + s + "`" : GoFormat.Quote(s);
            case 'x': case 'X':
                var bytes = Encoding.UTF8.GetBytes(s);
                var hex = verb == 'x' ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);
                if (spec.Space) hex = string.Join(' ', hex.Chunk(2).Select(c => new string(c)));
                return hex;
            default: return null;
        }
    }
}
