using System.Text;

namespace TaskRunner.Tasks.Planning;

/// <summary>Writes the step graph of a plan as text, Mermaid or Graphviz dot.</summary>
public static class StepGraphFormatter
{
    /// <param name="engineOf">With --platform-engine: the engine each step runs on, shown with it; null: not shown.</param>
    public static string Format(ExecutionPlan plan, string format, Func<PlannedStep, string>? engineOf = null) => format switch
    {
        "mermaid" => Mermaid(plan, engineOf),
        "dot" => Dot(plan, engineOf),
        _ => Text(plan, engineOf),
    };

    private static string Label(PlannedStep step, Func<PlannedStep, string>? engineOf) =>
        engineOf is null ? Describe(step) : $"{Describe(step)} [engine: {engineOf(step)}]";

    private static string Describe(PlannedStep step) => step.Kind switch
    {
        Model.StepKind.Push => "push " + string.Join(", ", step.PushImages),
        var kind => kind.ToString().ToLowerInvariant() + " " + OneLine(step.Definition.Command ?? ""),
    };

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Text(ExecutionPlan plan, Func<PlannedStep, string>? engineOf)
    {
        var sb = new StringBuilder();
        foreach (var step in plan.Steps)
        {
            sb.Append(step.Id).Append(": ").AppendLine(Describe(step));
            sb.Append("  after: ").AppendLine(step.DependsOn.Count == 0 ? "(start)" : string.Join(", ", step.DependsOn));
            if (engineOf is not null) sb.Append("  engine: ").AppendLine(engineOf(step));
            sb.Append("  timeout: ").Append((int)step.Timeout.TotalSeconds).Append("s");
            if (step.Retries > 0) sb.Append(", retries: ").Append(step.Retries).Append(" every ").Append((int)step.RetryDelay.TotalSeconds).Append('s');
            if (step.Repeat > 0) sb.Append(", repeat: ").Append(step.Repeat);
            if (step.StartDelay > TimeSpan.Zero) sb.Append(", startDelay: ").Append((int)step.StartDelay.TotalSeconds).Append('s');
            if (step.Definition.Detach) sb.Append(", detached");
            if (step.Definition.IgnoreErrors) sb.Append(", ignoreErrors");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string Mermaid(ExecutionPlan plan, Func<PlannedStep, string>? engineOf)
    {
        var sb = new StringBuilder("flowchart TD\n");
        sb.AppendLine("  acb_root((start))");
        foreach (var step in plan.Steps)
            sb.Append("  ").Append(Node(step.Id)).Append("[\"").Append(step.Id).Append("<br/>").Append(Escape(Label(step, engineOf))).AppendLine("\"]");
        foreach (var step in plan.Steps)
        {
            if (step.DependsOn.Count == 0) sb.Append("  acb_root --> ").AppendLine(Node(step.Id));
            foreach (var dependency in step.DependsOn) sb.Append("  ").Append(Node(dependency)).Append(" --> ").AppendLine(Node(step.Id));
        }
        return sb.ToString();

        static string Escape(string s) => s.Replace("\"", "#quot;");
    }

    private static string Dot(ExecutionPlan plan, Func<PlannedStep, string>? engineOf)
    {
        var sb = new StringBuilder("digraph steps {\n  rankdir=TB;\n  \"acb_root\" [shape=circle,label=\"start\"];\n");
        foreach (var step in plan.Steps)
            sb.Append("  \"").Append(step.Id).Append("\" [shape=box,label=\"").Append(step.Id).Append("\\n").Append(Label(step, engineOf).Replace("\"", "\\\"")).AppendLine("\"];");
        foreach (var step in plan.Steps)
        {
            if (step.DependsOn.Count == 0) sb.Append("  \"acb_root\" -> \"").Append(step.Id).AppendLine("\";");
            foreach (var dependency in step.DependsOn) sb.Append("  \"").Append(dependency).Append("\" -> \"").Append(step.Id).AppendLine("\";");
        }
        return sb.Append("}\n").ToString();
    }

    private static string Node(string id) => "s_" + new string(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
