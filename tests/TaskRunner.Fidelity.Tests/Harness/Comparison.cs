using System.Text;

namespace TaskRunner.Fidelity.Tests.Harness;

public enum DisagreementKind
{
    /// <summary>One accepts the file, the other rejects it.</summary>
    Acceptance,
    /// <summary>Both have a text after aliases and they differ.</summary>
    ProcessedText,
    /// <summary>Both have a rendered text and they differ, or only one of them rendered.</summary>
    RenderedText,
    /// <summary>TaskRunner threw or did not finish: always a TaskRunner bug.</summary>
    TaskRunnerCrash,
}

public sealed record Disagreement(DisagreementKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}

/// <summary>The acb failures the oracle README lists; where one shows, agreement is not expected.</summary>
public static class AcbBugs
{
    public const string NullStepPanic = "null-step-panic";
    public const string WhenDuplicateHang = "when-duplicate-hang";
    public const string LongLineTruncation = "long-line-truncation";
    public const string ValuesNestedMap = "values-nested-map";
    public const string UntilUnboundedLoop = "until-unbounded-loop";
    public static readonly string[] All = [NullStepPanic, WhenDuplicateHang, LongLineTruncation, ValuesNestedMap, UntilUnboundedLoop];

    /// <summary>Which known acb bug (if any) explains acb's answer on this input.</summary>
    public static string? Recognise(FidelityInput input, AcbResult acb)
    {
        if (acb.Panicked) return NullStepPanic;
        if (acb.TimedOut && !acb.TimedOutWhileExecuting) return WhenDuplicateHang + " or " + UntilUnboundedLoop;
        if (acb.Error.Contains("json: unsupported type: map[interface {}]interface {}", StringComparison.Ordinal)) return ValuesNestedMap;
        if (File.ReadAllText(input.TaskFile).Split('\n').Any(l => Encoding.UTF8.GetByteCount(l) >= 64 * 1024)) return LongLineTruncation;
        return null;
    }
}

public static class Comparison
{
    public static List<Disagreement> Compare(AcbResult acb, TaskRunnerResult tr)
    {
        var found = new List<Disagreement>();
        if (tr.Crash is not null) { found.Add(new(DisagreementKind.TaskRunnerCrash, tr.Crash)); return found; }
        if (tr.TimedOut) { found.Add(new(DisagreementKind.TaskRunnerCrash, "TaskRunner's loader did not finish")); return found; }
        if (acb.Accepted != tr.Accepted && !acb.TimedOutWhileExecuting)
        {
            found.Add(new(DisagreementKind.Acceptance, acb.Accepted
                ? "acb accepts; TaskRunner rejects: " + string.Join(" | ", tr.Errors.Select(e => $"{e.Code} {e.Span.Line}:{e.Span.Column} {e.Message}"))
                : "acb rejects (" + acb.Error + "); TaskRunner accepts" + (tr.Diagnostics.Count > 0 ? " (warnings: " + string.Join(" | ", tr.Diagnostics.Select(d => d.Code + " " + d.Message)) + ")" : "")));
        }
        // acb prints the processed text only with aliases on: TaskRunner must then have them on too (and the same text).
        if (acb.Processed is not null && tr.Processed is null && tr.Rendered is not null)
            found.Add(new(DisagreementKind.ProcessedText, "acb switched aliases on; TaskRunner did not"));
        else if (acb.Processed is not null && tr.Processed is not null && acb.Processed != AcbOutput.NormaliseEnd(tr.Processed))
            found.Add(new(DisagreementKind.ProcessedText, TextDiff(acb.Processed, AcbOutput.NormaliseEnd(tr.Processed))));
        if (acb.Rendered is not null && tr.Rendered is not null && acb.Rendered != AcbOutput.NormaliseEnd(tr.Rendered))
            found.Add(new(DisagreementKind.RenderedText, TextDiff(acb.Rendered, AcbOutput.NormaliseEnd(tr.Rendered))));
        else if (acb.Rendered is not null && tr.Rendered is null)
            found.Add(new(DisagreementKind.RenderedText, "acb renders; TaskRunner stops before rendering: " + string.Join(" | ", tr.Errors.Select(e => e.Code + " " + e.Message))));
        // acb stopping before it renders while TaskRunner renders is only a disagreement when TaskRunner then accepts the
        // file (an Acceptance one, above): acb checks some things (the secrets block, parsed from the unrendered text)
        // before rendering, TaskRunner after, and both reject.
        return found;
    }

    /// <summary>The first differing line of two texts, both shown with escapes, plus the line counts.</summary>
    public static string TextDiff(string acb, string taskRunner)
    {
        var a = acb.Split('\n');
        var t = taskRunner.Split('\n');
        var i = 0;
        while (i < a.Length && i < t.Length && a[i] == t[i]) i++;
        string At(string[] lines) => i < lines.Length ? Escape(lines[i]) : "(end of text)";
        return $"first difference at line {i + 1}: acb `{At(a)}` vs TaskRunner `{At(t)}` (acb {a.Length - 1} lines, TaskRunner {t.Length - 1})";
    }

    public static string Escape(string s)
    {
        var b = new StringBuilder();
        foreach (var c in s.Length > 300 ? s[..300] + "..." : s)
            b.Append(c switch { '\t' => "\\t", '\r' => "\\r", _ when char.IsControl(c) => $"\\u{(int)c:x4}", _ => c.ToString() });
        return b.ToString();
    }
}
