namespace TaskRunner.Templating.Execution;

/// <summary>Template variables in scope, innermost last; a control structure pops back to its mark when it ends.</summary>
internal sealed class VariableStack
{
    private readonly List<(string Name, object? Value)> _items = [];

    public int Mark() => _items.Count;

    public void PopTo(int mark) => _items.RemoveRange(mark, _items.Count - mark);

    public void Push(string name, object? value) => _items.Add((name, value));

    /// <summary>Sets the n-th variable from the top (1 is the last pushed), as range does on every iteration.</summary>
    public void SetTop(int n, object? value) => _items[^n] = (_items[^n].Name, value);

    public bool TrySet(string name, object? value)
    {
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (_items[i].Name != name) continue;
            _items[i] = (name, value);
            return true;
        }
        return false;
    }

    public bool TryGet(string name, out object? value)
    {
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (_items[i].Name != name) continue;
            value = _items[i].Value;
            return true;
        }
        value = null;
        return false;
    }
}
