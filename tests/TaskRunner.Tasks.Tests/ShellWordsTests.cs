using TaskRunner.Tasks.Model;
using NUnit.Framework;

namespace TaskRunner.Tasks.Tests;

[TestFixture]
public sealed class ShellWordsTests
{
    [TestCase("busybox echo hello", new[] { "busybox", "echo", "hello" })]
    [TestCase("  busybox   echo\thello\n", new[] { "busybox", "echo", "hello" })]
    [TestCase("sh -c 'echo $HOME && ls'", new[] { "sh", "-c", "echo $HOME && ls" })]
    [TestCase("sh -c \"echo \\\"quoted\\\" \\$x\"", new[] { "sh", "-c", "echo \"quoted\" $x" })]
    [TestCase("a\\ b c", new[] { "a b", "c" })]
    [TestCase("x=''", new[] { "x=" })]
    [TestCase("'' empty", new[] { "", "empty" })]
    [TestCase("it\"s a\" 'mix'ed", new[] { "its a", "mixed" })]
    [TestCase("\"back\\slash\"", new[] { "back\\slash" })]
    [TestCase("one \\\ntwo", new[] { "one", "two" })]
    public void Splits_like_a_shell(string text, string[] expected) =>
        Assert.That(ShellWords.Split(text), Is.EqualTo(expected));

    [TestCase("echo 'open")]
    [TestCase("echo \"open")]
    public void Unterminated_quotes_are_an_error(string text) =>
        Assert.That(() => ShellWords.Split(text), Throws.TypeOf<FormatException>().With.Message.Contains("unterminated"));
}
