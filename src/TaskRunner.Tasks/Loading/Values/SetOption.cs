namespace TaskRunner.Tasks.Loading.Values;

/// <summary>
/// One <c>--set key=value</c>: split at the first '=', the value kept as a string, <c>a.b</c> a literal key, no
/// comma splitting.
/// </summary>
public readonly record struct SetOption(string Key, string Value)
{
    public static bool TryParse(string text, out SetOption option, out string error)
    {
        option = default;
        var index = text.IndexOf('=');
        if (index < 0)
        {
            error = $"--set '{text}' has no '='; write it as key=value";
            return false;
        }
        if (index == 0)
        {
            error = $"--set '{text}' has an empty key; write it as key=value";
            return false;
        }
        option = new SetOption(text[..index], text[(index + 1)..]);
        error = "";
        return true;
    }
}
