namespace TaskRunner.Tasks.Diagnostics;

/// <summary>Collects every diagnostic of a load/validate pass so that all problems are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);

    public void Error(SourceSpan span, string code, string message) => _items.Add(new(span, Severity.Error, code, message));
    public void Warning(SourceSpan span, string code, string message) => _items.Add(new(span, Severity.Warning, code, message));
    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Diagnostics ordered by file position, errors before warnings at the same place.</summary>
    public IReadOnlyList<Diagnostic> Sorted() => _items
        .OrderBy(d => d.Span.File, StringComparer.Ordinal)
        .ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)
        .ThenByDescending(d => d.Severity)
        .ToList();
}
