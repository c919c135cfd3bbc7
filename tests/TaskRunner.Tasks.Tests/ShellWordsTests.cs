using TaskRunner.Tasks.Model;
using NUnit.Framework;

namespace TaskRunner.Tasks.Tests;

/// <summary>acb's rules for splitting a cmd (builder/command_args.go in Azure/acr-builder): no shell, no expansion.</summary>
[TestFixture]
public sealed class ShellWordsTests
{
    [TestCase("busybox echo hello", new[] { "busybox", "echo", "hello" })]
    [TestCase("  busybox   echo\thello\r\nthere \n", new[] { "busybox", "echo", "hello", "there" })]
    [TestCase("", new string[0])]
    [TestCase(" \t\r\n ", new string[0])]
    [TestCase("img a\u00a0b\u2003c", new[] { "img", "a\u00a0b\u2003c" })]
    [TestCase("img a\vb\fc", new[] { "img", "a\vb\fc" })]
    [TestCase("sh -c 'echo $HOME && ls'", new[] { "sh", "-c", "echo $HOME && ls" })]
    [TestCase("img '' \"\" ''", new[] { "img", "", "", "" })]
    [TestCase("img pre\"mid dle\"'post fix'", new[] { "img", "premid dlepost fix" })]
    [TestCase("img a\"\"b ''suffix prefix''", new[] { "img", "ab", "suffix", "prefix" })]
    [TestCase("img \"it's\" 'say \"hi\"'", new[] { "img", "it's", "say \"hi\"" })]
    [TestCase("img \"one\ntwo\tend\"", new[] { "img", "one\ntwo\tend" })]
    [TestCase("img a\\ b", new[] { "img", "a b" })]
    [TestCase("img tab\\\tjoined nl\\\njoined", new[] { "img", "tab\tjoined", "nl\njoined" })]
    [TestCase("img x\\\u00a0y", new[] { "img", "x\\\u00a0y" })]
    [TestCase("img say\\\"hi\\\" it\\'s", new[] { "img", "say\"hi\"", "it's" })]
    [TestCase("img one\\\\two", new[] { "img", "one\\\\two" })]
    [TestCase("img first\\\\ second", new[] { "img", "first\\\\", "second" })]
    [TestCase("img \\q C:\\Windows path\\name", new[] { "img", "\\q", "C:\\Windows", "path\\name" })]
    [TestCase("img trailing\\", new[] { "img", "trailing\\" })]
    [TestCase("img \"say \\\"hi\\\"\"", new[] { "img", "say \"hi\"" })]
    [TestCase("img \"C:\\\\temp\\\\f\"", new[] { "img", "C:\\\\temp\\\\f" })]
    [TestCase("img \"a\\n b\\$ c\\ d\"", new[] { "img", "a\\n b\\$ c\\ d" })]
    [TestCase("img 'C:\\\\t\\f' 'x\\\"y'", new[] { "img", "C:\\\\t\\f", "x\\\"y" })]
    [TestCase("img \"C:\\Program Files\\\\\"", new[] { "img", "C:\\Program Files\\\\" })]
    [TestCase("img 'C:\\Program Files\\'", new[] { "img", "C:\\Program Files\\" })]
    [TestCase("img $HOME ${HOME} $(id) `who` ; | && > 2>&1 * ~ # ( )", new[] { "img", "$HOME", "${HOME}", "$(id)", "`who`", ";", "|", "&&", ">", "2>&1", "*", "~", "#", "(", ")" })]
    [TestCase("img echo;id a&&b out>f", new[] { "img", "echo;id", "a&&b", "out>f" })]
    public void Splits_as_acb_does(string text, string[] expected) =>
        Assert.That(ShellWords.Split(text), Is.EqualTo(expected));

    [TestCase("img \"")]
    [TestCase("img '")]
    [TestCase("img pre\"open")]
    [TestCase("img 'open")]
    [TestCase("img \"open\\\"")]
    [TestCase("img \"open\\")]
    [TestCase("img \"wrong'")]
    [TestCase("img 'wrong\"")]
    public void Unterminated_quotes_are_an_error(string text) =>
        Assert.That(() => ShellWords.Split(text), Throws.TypeOf<FormatException>().With.Message.Contains("unterminated"));

    [TestCase("\0")]
    [TestCase("img a\0b")]
    [TestCase("img 'a\0b'")]
    public void A_nul_character_is_an_error(string text) =>
        Assert.That(() => ShellWords.Split(text), Throws.TypeOf<FormatException>().With.Message.Contains("NUL"));
}
