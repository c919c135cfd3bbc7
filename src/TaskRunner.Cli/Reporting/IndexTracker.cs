using System.Text.RegularExpressions;
using TaskRunner.Execution.Events;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Cli.Reporting;

/// <summary>Recognises the digest line a <c>docker manifest push</c> step prints, so indexes are reported like images.</summary>
public sealed partial class IndexTracker
{
    private readonly Dictionary<string, string> _indexByStep = new(StringComparer.Ordinal);
    private readonly List<IndexPushed> _pushed = [];

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestLine();

    /// <summary>A tracker for a run without <c>docker manifest push</c> steps: it recognises nothing.</summary>
    public IndexTracker()
    {
    }

    public IndexTracker(ExecutionPlan plan)
    {
        foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Cmd && s.Definition.Command is not null))
        {
            IReadOnlyList<string> words;
            try { words = ShellWords.Split(step.Definition.Command!); }
            catch (FormatException) { continue; }
            if (words.Count >= 3 && words[0] == "docker" && words[1] == "manifest" && words[2] == "push")
                if (words.Skip(3).LastOrDefault(w => !w.StartsWith('-')) is { } index) _indexByStep[step.Id] = index;
        }
    }

    public IReadOnlyList<IndexPushed> Pushed { get { lock (_pushed) return _pushed.ToList(); } }

    /// <summary>The index pushed, when this output line is a manifest push step's digest.</summary>
    public IndexPushed? Match(StepOutput output)
    {
        if (!_indexByStep.TryGetValue(output.StepId, out var index) || !DigestLine().IsMatch(output.Text.Trim())) return null;
        var pushed = new IndexPushed(output.StepId, index, output.Text.Trim());
        lock (_pushed) if (!_pushed.Contains(pushed)) _pushed.Add(pushed);
        return pushed;
    }
}
