using TaskRunner.Templating.Syntax;

namespace TaskRunner.Templating.Parsing;

/// <summary>The main template's tree and the templates it defines with <c>define</c> or <c>block</c>.</summary>
internal sealed record ParsedTemplate(ListNode Root, IReadOnlyDictionary<string, ListNode> Defines);
