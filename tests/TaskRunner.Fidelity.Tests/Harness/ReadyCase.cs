using System.Text;

namespace TaskRunner.Fidelity.Tests.Harness;

/// <summary>A disagreement written as a shell snippet that recreates the files and runs both sides.</summary>
public static class ReadyCase
{
    public static string Write(FidelityInput input, string? title = null)
    {
        var b = new StringBuilder();
        if (title is not null) b.Append("# ").AppendLine(title);
        b.AppendLine("mkdir -p /tmp/fidelity-case && cd /tmp/fidelity-case");
        AppendFile(b, Path.GetFileName(input.TaskFile), File.ReadAllText(input.TaskFile));
        if (input.ValuesFile is not null) AppendFile(b, Path.GetFileName(input.ValuesFile), File.ReadAllText(input.ValuesFile));
        var flags = input.FlagsText();
        b.AppendLine($"timeout 10 \"$ACB\" exec --dry-run --debug -f {Path.GetFileName(input.TaskFile)} {flags}; echo \"acb exit $?\"");
        b.AppendLine($"taskrunner render -f {Path.GetFileName(input.TaskFile)} {flags}; echo \"taskrunner exit $?\"");
        return b.ToString();
    }

    private static void AppendFile(StringBuilder b, string name, string text)
    {
        if (text.Length > 4000 || text.Contains("FIDELITY_EOF", StringComparison.Ordinal) || (text.Length > 0 && !text.EndsWith('\n')) || text.Contains('\r'))
        {
            // Exact bytes when a heredoc cannot carry them (no final line break, CR, very long).
            b.AppendLine($"printf '%s' '{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}' | base64 -d > {name}");
            return;
        }
        b.AppendLine($"cat > {name} <<'FIDELITY_EOF'");
        b.Append(text);
        b.AppendLine("FIDELITY_EOF");
    }
}
