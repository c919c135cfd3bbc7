using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TaskRunner.Fidelity.Tests.Harness;

/// <summary>What <c>acb exec --dry-run --debug</c> said about one task file.</summary>
public sealed record AcbResult
{
    public required int ExitCode { get; init; }
    /// <summary>killed by <c>timeout</c> (exit 124/137): acb hangs on some inputs (oracle README).</summary>
    public bool TimedOut => ExitCode is 124 or 137;
    public bool Panicked => Output.Contains("\npanic: ", StringComparison.Ordinal) || Output.StartsWith("panic: ", StringComparison.Ordinal);
    public bool Accepted => ExitCode == 0;
    /// <summary>
    /// Killed by the timeout while running the dry-run plan: acb's dry run really sleeps startDelay and retryDelay, so a
    /// file it had already accepted (it prints the steps only after validation) can still time out. Its acceptance
    /// is then not known for sure (dry-run execution can still fail) and is not compared.
    /// </summary>
    public bool TimedOutWhileExecuting => TimedOut && Output.Contains("Executing step ID:", StringComparison.Ordinal);
    /// <summary>The text after "Processed task before rendering data:" (v1.1.0 and later only), normalised (see <see cref="AcbOutput"/>).</summary>
    public string? Processed { get; init; }
    /// <summary>The text after "Rendered template:", normalised.</summary>
    public string? Rendered { get; init; }
    /// <summary>The error acb ended with (its last lines without a log timestamp), empty when it succeeded.</summary>
    public required string Error { get; init; }
    /// <summary>Everything acb wrote (stderr, then stdout).</summary>
    public required string Output { get; init; }
}

/// <summary>Finds and runs the reference runner acb (/work/shared/oracle/README.md).</summary>
public static class Acb
{
    /// <summary><c>$TASKRUNNER_ACB</c>, else <c>../shared/oracle/acb</c> relative to the repository root; null when neither exists.</summary>
    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TASKRUNNER_ACB");
        if (!string.IsNullOrEmpty(fromEnvironment)) return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        var root = Repo.Root();
        var candidate = Path.GetFullPath(Path.Combine(root, "..", "shared", "oracle", "acb"));
        return File.Exists(candidate) ? candidate : null;
    }

    public static string NotFoundReason =>
        "acb (the reference runner) not found: set TASKRUNNER_ACB or put it at ../shared/oracle/acb relative to the repository root";

    /// <summary>
    /// Runs <c>acb exec --dry-run --debug</c> under <c>timeout</c> in the task file's directory (so relative alias
    /// sources resolve as in TaskRunner, which reads them next to the task file).
    /// </summary>
    public static AcbResult Run(string acb, FidelityInput input, int timeoutSeconds)
    {
        var start = new ProcessStartInfo("timeout")
        {
            WorkingDirectory = Path.GetDirectoryName(input.TaskFile)!,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-k", "2", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), acb }.Concat(Arguments(input)))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        var output = stderr.Result + stdout.Result;
        return AcbOutput.Parse(process.ExitCode, output);
    }

    /// <summary>The acb arguments for an input, with paths relative to the task file's directory.</summary>
    public static IEnumerable<string> Arguments(FidelityInput input)
    {
        yield return "exec";
        yield return "--dry-run";
        yield return "--debug";
        yield return "-f";
        yield return Path.GetFileName(input.TaskFile);
        yield return "-r";
        yield return input.Registry;
        yield return "--id";
        yield return input.Id;
        if (input.ValuesFile is { } values)
        {
            yield return "--values";
            yield return Path.GetRelativePath(Path.GetDirectoryName(input.TaskFile)!, values);
        }
        foreach (var set in input.Set)
        {
            yield return "--set";
            yield return set;
        }
    }
}

/// <summary>
/// Splits acb's log into the texts it prints. Normalisations, and why each is needed:
/// <list type="bullet">
/// <item>acb prints each text with Go's <c>log.Printf("...:\n%s", text)</c>: a timestamp prefix on the header line only,
/// and a line break added when the text does not end with one. A section therefore runs from the line after its
/// header to the next line starting with a log timestamp (or acb's final error, or a panic), and both sides are
/// compared after <see cref="NormaliseEnd"/> (add one "\n" when missing), the only information the log loses.</item>
/// <item>Nothing else is changed: no whitespace trimming, no line-ending conversion.</item>
/// </list>
/// </summary>
public static partial class AcbOutput
{
    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} ")]
    private static partial Regex Timestamp();

    /// <summary>How acb's final error lines begin (cmd/acb/main.go prints the error after the log).</summary>
    private static readonly string[] ErrorStarts =
    [
        "unable to render task", "failed to unmarshal task before running", "unable to search/replace aliases", "unable to render alias data",
        "panic: ", "goroutine ",
    ];

    public static AcbResult Parse(int exitCode, string output)
    {
        var lines = SplitKeepingEnds(output);
        string? processed = Section(lines, "Processed task before rendering data:", exitCode);
        string? rendered = Section(lines, "Rendered template:", exitCode);
        return new AcbResult
        {
            ExitCode = exitCode,
            Processed = processed,
            Rendered = rendered,
            Error = exitCode == 0 ? "" : ErrorText(lines),
            Output = output,
        };
    }

    /// <summary>A text as acb's log shows it: ending with exactly the line breaks it had, plus one when it had none.</summary>
    /// <remarks>The empty text is printed as nothing: the header line's own break already ends the message.</remarks>
    public static string NormaliseEnd(string text) => text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";

    private static string? Section(List<string> lines, string header, int exitCode)
    {
        var start = lines.FindIndex(l => Timestamp().IsMatch(l) && l[Timestamp().Match(l).Length..].TrimEnd('\n') == header);
        if (start < 0) return null;
        var text = new StringBuilder();
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (Timestamp().IsMatch(line)) break;
            // Only a failing acb prints an error after the log; only then can a line be the error's first.
            if (exitCode != 0 && ErrorStarts.Any(e => line.StartsWith(e, StringComparison.Ordinal))) break;
            text.Append(line);
        }
        return text.ToString();
    }

    private static string ErrorText(List<string> lines)
    {
        var last = lines.FindLastIndex(l => Timestamp().IsMatch(l));
        var firstError = lines.FindIndex(l => ErrorStarts.Any(e => l.StartsWith(e, StringComparison.Ordinal)));
        var from = firstError >= 0 ? firstError : last + 1;
        var text = string.Concat(lines.Skip(from)).TrimEnd();
        if (text.Length == 0) text = string.Concat(lines.Skip(Math.Max(0, lines.Count - 3))).TrimEnd();
        return text.Length > 2000 ? text[..2000] + " ..." : text;
    }

    private static List<string> SplitKeepingEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) { lines.Add(text[start..]); break; }
            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return lines;
    }
}
