namespace TaskRunner.Templating.Syntax;

/// <summary>A node of the parsed template; Offset is where it starts in the template text (for error positions).</summary>
internal abstract record Node(int Offset);

/// <summary>A sequence of nodes executed in order.</summary>
internal sealed record ListNode(int Offset, List<Node> Nodes) : Node(Offset);

/// <summary>Text copied to the output as it is.</summary>
internal sealed record TextNode(int Offset, string Text) : Node(Offset);

/// <summary>An action <c>{{ pipeline }}</c>: its value is printed unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(int Offset, PipeNode Pipe) : Node(Offset);
