using System.Globalization;
using TaskRunner.GoEncoding;

namespace TaskRunner.Templating.Values;

/// <summary>
/// Go's json.Marshal of a template value (sorted map keys, a nil slice as null), written by the one Go-style JSON
/// writer, <see cref="GoJson"/>.
/// </summary>
internal static class JsonMarshal
{
    public static string Marshal(object? value)
    {
        var json = new GoJson("");
        Write(json, value);
        return json.ToString();
    }

    private static void Write(GoJson json, object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // a value that holds itself
        switch (GoKinds.Of(value))
        {
            case GoKind.Nil: json.Literal("null"); break;
            case GoKind.List when value is Lists.NilSlice: json.Literal("null"); break;
            case GoKind.Bool: json.Literal((bool)value! ? "true" : "false"); break;
            case GoKind.Int: json.Value(Numbers.ToLong(value!)); break;
            case GoKind.Uint: json.Literal(Convert.ToUInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
            case GoKind.Float:
                var d = Numbers.ToDouble(value!);
                if (double.IsNaN(d) || double.IsInfinity(d)) throw new InvalidOperationException($"json: unsupported value: {GoFloat.Format(d)}");
                json.Literal(GoFloat.Json(d));
                break;
            case GoKind.String: json.Value((string)value!); break;
            case GoKind.Time: json.Value(GoTimeLayout.Format(GoFormat.AsTime(value!), "2006-01-02T15:04:05.999999999Z07:00")); break;
            case GoKind.Map:
                json.BeginObject();
                foreach (var (k, v) in Maps.Sorted(value!))
                {
                    json.Name(k);
                    Write(json, v);
                    Execution.RenderBudget.Current.CheckChars(json.Length);
                }
                json.End('}');
                break;
            case GoKind.List:
                json.BeginArray();
                foreach (var item in Lists.AsList(value!))
                {
                    json.Element();
                    Write(json, item);
                    Execution.RenderBudget.Current.CheckChars(json.Length);
                }
                json.End(']');
                break;
            default:
                if (value is IGoValue go) Write(json, go.JsonValue);
                else json.Value(GoFormat.Value(value));
                break;
        }
    }
}
