using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>JSON as Go's encoding/json writes it (sorted map keys, &lt; &gt; &amp; escaped) .</summary>
internal static class GoJson
{
    public static string Marshal(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // a value that holds itself
        switch (GoKinds.Of(value))
        {
            case GoKind.Nil: sb.Append("null"); break;
            case GoKind.List when value is Lists.NilSlice: sb.Append("null"); break;
            case GoKind.Bool: sb.Append((bool)value! ? "true" : "false"); break;
            case GoKind.Int: sb.Append(Numbers.ToLong(value!).ToString(CultureInfo.InvariantCulture)); break;
            case GoKind.Uint: sb.Append(Convert.ToUInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
            case GoKind.Float:
                var d = Numbers.ToDouble(value!);
                if (double.IsNaN(d) || double.IsInfinity(d)) throw new InvalidOperationException($"json: unsupported value: {GoFloat.Format(d)}");
                sb.Append(GoFloat.Json(d));
                break;
            case GoKind.String: WriteString(sb, (string)value!); break;
            case GoKind.Time: WriteString(sb, GoTimeLayout.Format(GoFormat.AsTime(value!), "2006-01-02T15:04:05.999999999Z07:00")); break;
            case GoKind.Map:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in Maps.Sorted(value!))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, k);
                    sb.Append(':');
                    Write(sb, v);
                    Execution.RenderBudget.Check(sb);
                }
                sb.Append('}');
                break;
            case GoKind.List:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in Lists.AsList(value!))
                {
                    if (!firstItem) sb.Append(',');
                    firstItem = false;
                    Write(sb, item);
                    Execution.RenderBudget.Check(sb);
                }
                sb.Append(']');
                break;
            default:
                if (value is IGoValue go) Write(sb, go.JsonValue);
                else WriteString(sb, GoFormat.Value(value));
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<': case '>': case '&': case '\u2028': case '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
