using YamlDotNet.Core;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// A merge key (<c>&lt;&lt;: *name</c>) naming an anchor not defined before it, at the alias: acb fails the same way
/// ("yaml: unknown anchor 'name' referenced").
/// </summary>
public sealed class UnknownAnchorException(Mark start, Mark end, string name)
    : YamlException(start, end, $"unknown anchor '{name}' referenced (ACR fails the same way); define it with &{name} before its use")
{
    public string Name { get; } = name;
}
