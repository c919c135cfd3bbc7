using System.Text.RegularExpressions;
using TaskRunner.Templating.Functions;

namespace TaskRunner.Templating.Tests;

/// <summary>docs/templates.md documents every function the engine offers, so the reference cannot drift from the code.</summary>
public class DocumentationTests
{
    [Test]
    public void EveryFunctionIsInTheReference()
    {
        var reference = File.ReadAllText(Repository.Path("docs", "templates.md"));
        var undocumented = FunctionTable.Default.Names
            .Where(name => !Regex.IsMatch(reference, "`" + Regex.Escape(name) + "[ `]"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(undocumented, Is.Empty, "functions missing from docs/templates.md");
    }

    [Test]
    public void EveryErrorCodeIsInTheReference()
    {
        var reference = File.ReadAllText(Repository.Path("docs", "templates.md"));
        foreach (var code in new[] { ErrorCodes.Syntax, ErrorCodes.UnknownFunction, ErrorCodes.BadArguments, ErrorCodes.UndefinedVariable, ErrorCodes.Execution })
            Assert.That(reference, Does.Contain("| " + code + " |"));
    }
}
