namespace TaskRunner.Templating.Syntax;

/// <summary>What kind of branching action a <see cref="BranchNode"/> is.</summary>
internal enum BranchKind { If, With, Range }

/// <summary><c>if</c>, <c>with</c> or <c>range</c>: a pipeline, the list run when it holds, and the optional else list.</summary>
internal sealed record BranchNode(int Offset, BranchKind Kind, PipeNode Pipe, ListNode List, ListNode? ElseList) : Node(Offset);

/// <summary><c>{{ break }}</c> inside a range.</summary>
internal sealed record BreakNode(int Offset) : Node(Offset);

/// <summary><c>{{ continue }}</c> inside a range.</summary>
internal sealed record ContinueNode(int Offset) : Node(Offset);

/// <summary><c>{{ template "name" pipeline }}</c>: runs a defined template with the pipeline's value as dot.</summary>
internal sealed record TemplateCallNode(int Offset, string Name, PipeNode? Pipe) : Node(Offset);
