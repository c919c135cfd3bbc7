using System.Globalization;
using System.Text;

namespace TaskRunner.GoEncoding;

/// <summary>
/// JSON written exactly as Go's encoding/json writes it (Marshal with an empty indent, MarshalIndent with another;
/// '&lt;', '&gt;', '&amp;', U+2028 and U+2029 escaped), so that a manifest list has the bytes, and therefore the digest,
/// docker gives it, and a template's <c>toJson</c> prints what acb prints.
/// </summary>
public sealed class GoJson
{
    private readonly StringBuilder _out = new();
    private readonly string _indent;
    private int _depth;
    private readonly Stack<bool> _first = new();

    public GoJson(string indent) => _indent = indent;

    public override string ToString() => _out.ToString();

    /// <summary>The characters written so far.</summary>
    public int Length => _out.Length;

    public GoJson BeginObject() { _out.Append('{'); _depth++; _first.Push(true); return this; }
    public GoJson BeginArray() { _out.Append('['); _depth++; _first.Push(true); return this; }

    public GoJson End(char close)
    {
        var empty = _first.Pop();
        _depth--;
        if (!empty) NewLine();
        _out.Append(close);
        return this;
    }

    public GoJson Name(string name)
    {
        Separator();
        String(name);
        _out.Append(_indent.Length > 0 ? ": " : ":");
        return this;
    }

    /// <summary>Starts an array element.</summary>
    public GoJson Element() { Separator(); return this; }

    public GoJson Value(string value) { String(value); return this; }
    public GoJson Value(long value) { _out.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }

    /// <summary>A token already spelled as JSON: <c>null</c>, <c>true</c>, <c>false</c> or a number.</summary>
    public GoJson Literal(string token) { _out.Append(token); return this; }

    public GoJson Property(string name, string value) => Name(name).Value(value);

    /// <summary>Embeds JSON text already indented from depth 0, shifted to the current depth.</summary>
    public GoJson Raw(string indentedJson, string indent)
    {
        var prefix = string.Concat(Enumerable.Repeat(indent, _depth));
        _out.Append(indentedJson.Replace("\n", "\n" + prefix));
        return this;
    }
    public GoJson Property(string name, long value) => Name(name).Value(value);

    public GoJson StringArray(string name, IReadOnlyList<string> values)
    {
        Name(name).BeginArray();
        foreach (var v in values) Element().Value(v);
        return End(']');
    }

    private void Separator()
    {
        if (!_first.Pop()) _out.Append(',');
        _first.Push(false);
        NewLine();
    }

    private void NewLine()
    {
        if (_indent.Length == 0) return;
        _out.Append('\n');
        for (var i = 0; i < _depth; i++) _out.Append(_indent);
    }

    private void String(string s) => AppendString(_out, s);

    /// <summary>
    /// A JSON string as Go's encoding/json writes it by default: '&lt;', '&gt;', '&amp;', U+2028, U+2029 and control
    /// characters as \u escapes, and an unpaired surrogate (invalid UTF-8 to Go) as \ufffd.
    /// </summary>
    public static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) json.Append(c).Append(value[++i]);
                    else if (char.IsSurrogate(c)) json.Append("\\ufffd");
                    else json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }
}
