using System.Text;

namespace TaskRunner.GoEncoding;

/// <summary>Re-indents JSON text as Go's json.Indent does: tokens kept byte for byte, only whitespace changes.</summary>
public static class JsonIndenter
{
    public static string Indent(string json, string indent)
    {
        var output = new StringBuilder(json.Length * 2);
        var depth = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < json.Length) output.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    break;
                case '"':
                    inString = true;
                    output.Append(c);
                    break;
                case '{' or '[':
                    output.Append(c);
                    var next = NextSignificant(json, i + 1);
                    if (next < json.Length && json[next] == (c == '{' ? '}' : ']'))
                    {
                        output.Append(json[next]);
                        i = next;
                        break;
                    }
                    depth++;
                    NewLine(output, indent, depth);
                    break;
                case '}' or ']':
                    depth--;
                    NewLine(output, indent, depth);
                    output.Append(c);
                    break;
                case ',':
                    output.Append(c);
                    NewLine(output, indent, depth);
                    break;
                case ':':
                    output.Append(": ");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
        return output.ToString();
    }

    private static int NextSignificant(string json, int from)
    {
        while (from < json.Length && json[from] is ' ' or '\t' or '\n' or '\r') from++;
        return from;
    }

    private static void NewLine(StringBuilder output, string indent, int depth)
    {
        output.Append('\n');
        for (var d = 0; d < depth; d++) output.Append(indent);
    }
}
