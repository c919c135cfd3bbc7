namespace TaskRunner.Templating.Syntax;

/// <summary>A field chain on dot: <c>.Run.ID</c> holds ["Run", "ID"].</summary>
internal sealed record FieldNode(int Offset, string[] Names) : Node(Offset);

/// <summary>A variable with an optional field chain: <c>$x.a.b</c> holds Name "$x" and ["a", "b"].</summary>
internal sealed record VariableNode(int Offset, string Name, string[] Fields) : Node(Offset);

/// <summary>Fields on the result of another operand: <c>(index .x 0).y</c>.</summary>
internal sealed record ChainNode(int Offset, Node Target, string[] Fields) : Node(Offset);

/// <summary>A function name, resolved when parsed.</summary>
internal sealed record IdentifierNode(int Offset, string Name, Functions.FunctionDefinition Function) : Node(Offset);

/// <summary><c>.</c>, the current data.</summary>
internal sealed record DotNode(int Offset) : Node(Offset);

/// <summary>The untyped <c>nil</c>.</summary>
internal sealed record NilNode(int Offset) : Node(Offset);

/// <summary>A constant: bool, string, or number (long or double, as Go's ideal constants become int or float64).</summary>
internal sealed record LiteralNode(int Offset, object Value) : Node(Offset);
