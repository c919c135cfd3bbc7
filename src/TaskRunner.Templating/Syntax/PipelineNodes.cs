namespace TaskRunner.Templating.Syntax;

/// <summary>
/// A pipeline: optional variable declarations (<c>$x :=</c>) or an assignment (<c>$x =</c>), then commands separated
/// by <c>|</c>; each command's value is passed as the last argument of the next.
/// </summary>
internal sealed record PipeNode(int Offset, bool IsAssign, List<VariableNode> Declarations, List<CommandNode> Commands) : Node(Offset);

/// <summary>A command: operands separated by spaces; the first one says what is called.</summary>
internal sealed record CommandNode(int Offset, List<Node> Args) : Node(Offset);
