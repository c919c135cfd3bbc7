using System.Text;
using FsCheck;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace TaskRunner.Templating.Tests;

/// <summary>Properties over generated input: text passes through untouched, and bad templates only ever fail with a TemplateException.</summary>
public class PropertyTests
{
    private static readonly string[] Pieces =
    [
        "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\n", "-", ".", ".x", ".m.k", "$", "$v", ":=", "=", ",", "|", "(", ")",
        "\"", "\"s\"", "'a'", "`r`", "1", "-3", "0x", "1e", "if", "else", "end", "range", "with", "define", "template", "block",
        "break", "continue", "\"t\"", "nil", "true", "printf", "\"%d\"", "index", "len", "add", "div", "0", "upper", "default",
        "slice", "eq", "and", "or", "not", "toJson", "split", "dict", "list", "until", "a", "é", "}", "{", "#",
    ];

    [FsCheckProperty(MaxTest = 300)]
    public bool Text_without_an_opening_delimiter_renders_verbatim(NonNull<string> text)
    {
        var s = text.Get;
        if (s.Contains("{{")) return true;
        return Render.Of(s) == s;
    }

    [FsCheckProperty(MaxTest = 1000)]
    public void Random_templates_fail_only_with_a_TemplateException(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var sb = new StringBuilder();
        var count = random.Next(1, 25);
        for (var i = 0; i < count; i++) sb.Append(Pieces[random.Next(Pieces.Length)]);
        var text = sb.ToString();
        var data = Render.Map(("x", 1L), ("m", Render.Map(("k", "v"))), ("l", new List<object?> { 1L, "a" }));
        try
        {
            Render.Of(text, data);
        }
        catch (TemplateException e)
        {
            Assert.That(e.Code, Does.Match("^TPL00[1-5]$"), text);
            Assert.That(e.Line, Is.InRange(1, text.Count(c => c == '\n') + 1), text);
            Assert.That(e.Column, Is.GreaterThanOrEqualTo(1), text);
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n--- template ---\n{text}");
        }
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool ToJson_of_a_string_is_valid_JSON_of_the_same_string(NonNull<string> text)
    {
        if (text.Get.Any(char.IsSurrogate)) return true;
        var json = Render.Of("{{ toJson .s }}", Render.Map(("s", text.Get)));
        return System.Text.Json.JsonSerializer.Deserialize<string>(json) == text.Get;
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool Numeric_strings_add_like_numbers(int a, int b) =>
        Render.Of("{{ add .a .b }}", Render.Map(("a", a.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("b", (long)b)))
            == ((long)a + b).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
