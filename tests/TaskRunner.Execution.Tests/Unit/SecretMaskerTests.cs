using System.Text;
using NUnit.Framework;
using TaskRunner.Execution.Events;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class SecretMaskerTests
{
    private const string Secret = "pa55-w0rd-XyZ";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Test]
    public void The_raw_value_is_masked_wherever_it_occurs()
    {
        var masker = new SecretMasker([Secret]);
        Assert.That(masker.Mask($"token={Secret}; again {Secret}{Secret}"), Is.EqualTo("token=***; again ***"));
    }

    [Test]
    public void Base64_of_the_whole_value_is_masked_with_its_padding()
    {
        var masker = new SecretMasker([Secret]);
        Assert.That(Base64(Secret), Is.EqualTo("cGE1NS13MHJkLVh5Wg=="));
        Assert.That(masker.Mask("encoded: cGE1NS13MHJkLVh5Wg=="), Is.EqualTo("encoded: ***"));
        Assert.That(masker.Mask("unpadded: cGE1NS13MHJkLVh5Wg"), Is.EqualTo("unpadded: ***"));
    }

    [TestCase("", "")]
    [TestCase("u", "!")]
    [TestCase("us", "!!")]
    [TestCase("usr", "\n")]
    [TestCase("user:", "@registry")]
    [TestCase("é", "tail")]
    public void Base64_of_a_longer_text_holding_the_value_is_masked_at_every_alignment(string before, string after)
    {
        var masker = new SecretMasker([Secret]);
        var encoded = Base64(before + Secret + after);
        // The characters made only of the secret's bits: after those sharing bits with `before`, up to the first one
        // sharing bits with `after`.
        var start = (Encoding.UTF8.GetByteCount(before) * 8 + 5) / 6;
        var end = Encoding.UTF8.GetByteCount(before + Secret) * 8 / 6;

        var masked = masker.Mask(encoded);

        // What shows is the encoding of `before` and some of `after` (the whole base64 of the secret, partial last
        // character or padding included, is masked too where it matches).
        Assert.That(masked, Does.StartWith(encoded[..start] + "***"), $"{before.Length} character(s) before the secret");
        Assert.That(encoded[end..], Does.EndWith(masked[(start + 3)..]));
        Assert.That(masked, Does.Not.Contain(encoded[start..end]));
    }

    [TestCase(76)]
    [TestCase(64)]
    public void Each_line_of_the_base64_of_a_long_value_is_masked_when_a_tool_wraps_it(int width)
    {
        // A token longer than 57 bytes: `base64` prints it over two lines at 76 columns, `openssl base64` at 64.
        var secret = "eyJhbGciOiJSUzI1NiJ9." + new string('k', 40) + ".sig-0123456789-abcdefghijklmnopqrstuvwxyz";
        var masker = new SecretMasker([secret]);
        var lines = Base64(secret).Chunk(width).Select(c => new string(c)).ToList();
        Assert.That(lines, Has.Count.GreaterThan(1));

        Assert.That(lines.Select(masker.Mask), Is.All.EqualTo("***"));
    }

    [Test]
    public void Base64url_is_masked_as_well_as_standard_base64()
    {
        const string secret = "a>>>???b";
        var masker = new SecretMasker([secret]);
        Assert.That(Base64(secret), Is.EqualTo("YT4+Pj8/P2I="));
        Assert.That(masker.Mask("std YT4+Pj8/P2I= url YT4-Pj8_P2I jwt x.YT4-Pj8_P2I.y"), Is.EqualTo("std *** url *** jwt x.***.y"));
        // base64url of "k:" + secret + "!": two bytes before the secret, so its stable part starts at the 4th character.
        Assert.That(masker.Mask("azphPj4-Pz8_YiE"), Is.EqualTo("azp***iE"));
    }

    [Test]
    public void Url_encodings_are_masked_with_percent_20_and_with_plus_for_spaces()
    {
        const string secret = "p@ss w0rd/1";
        var masker = new SecretMasker([secret]);
        Assert.That(Uri.EscapeDataString(secret), Is.EqualTo("p%40ss%20w0rd%2F1"));
        Assert.That(masker.Mask("https://host/?pw=p%40ss%20w0rd%2F1&x=1"), Is.EqualTo("https://host/?pw=***&x=1"));
        Assert.That(masker.Mask("user=me&pw=p%40ss+w0rd%2F1"), Is.EqualTo("user=me&pw=***"));
        Assert.That(masker.Mask("pw=p%40ss%20w0rd%2f1"), Is.EqualTo("pw=***"), "lower-case hex digits, as some tools write them");
        Assert.That(masker.Mask("pw=p%40ss+w0rd%2f1"), Is.EqualTo("pw=***"));
    }

    [Test]
    public void Each_line_of_a_value_of_several_lines_is_masked_because_output_arrives_line_by_line()
    {
        const string key = "-----BEGIN TEST KEY-----\r\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\r\nAgEAAkEAq7BFUpkGp3+LQmlQ\r\nshort1\r\n--------\r\n-----END TEST KEY-----\r\n";
        var masker = new SecretMasker([key]);
        var printed = key.Split("\r\n").Select(masker.Mask).ToList();
        Assert.That(printed, Is.EqualTo(new[] { "***", "***", "***", "short1", "--------", "***", "" }),
            "every line of 8 or more characters with a letter or digit is hidden; a short or punctuation-only one would hide ordinary text");
        Assert.That(masker.Mask("  MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8  "), Is.EqualTo("  ***  "), "indented as a tool may print it");
        Assert.That(masker.Mask(key), Is.EqualTo("***"), "the whole value is still one match");
    }

    [Test]
    public void Json_string_escapes_are_masked_as_System_Text_Json_writes_them()
    {
        const string secret = "say \"hi\" \\ <b>";
        var masker = new SecretMasker([secret]);
        var strict = System.Text.Json.JsonSerializer.Serialize(new { pw = secret });
        var relaxed = System.Text.Json.JsonSerializer.Serialize(new { pw = secret },
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.That(strict, Does.Contain(@"\u0022hi\u0022 \\ \u003Cb\u003E"));
        Assert.That(relaxed, Does.Contain(@"\""hi\"" \\ <b>"));
        Assert.That(masker.Mask(strict), Is.EqualTo("{\"pw\":\"***\"}"));
        Assert.That(masker.Mask(relaxed), Is.EqualTo("{\"pw\":\"***\"}"));
    }

    [Test]
    public void Hex_of_the_utf8_bytes_is_masked_in_lower_and_upper_case()
    {
        const string secret = "clé-42";
        var masker = new SecretMasker([secret]);
        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret));
        Assert.That(hex, Is.EqualTo("636cc3a92d3432"));
        Assert.That(masker.Mask($"od: 00{hex}ff"), Is.EqualTo("od: 00***ff"));
        Assert.That(masker.Mask($"xxd: {hex.ToUpperInvariant()}"), Is.EqualTo("xxd: ***"));
    }

    [Test]
    public void Values_shorter_than_3_characters_and_their_encodings_are_not_masked()
    {
        var masker = new SecretMasker(["ab", "", "x"]);
        Assert.That(masker.IsEmpty, Is.True);
        const string text = "ab YWI= 6162 x";
        Assert.That(masker.Mask(text), Is.SameAs(text));
    }

    [Test]
    public void Encodings_shorter_than_3_characters_or_that_read_as_a_word_are_not_masked()
    {
        // With one byte before it, "kay" encodes to "?the?" in base64: "the" must stay readable in ordinary output.
        var masker = new SecretMasker(["kay"]);
        Assert.That(masker.Variants, Does.Not.Contain("the"));
        Assert.That(masker.Variants, Has.All.Length.GreaterThanOrEqualTo(3));
        Assert.That(masker.Mask("then the step is done, kay"), Is.EqualTo("then the step is done, ***"));
        Assert.That(masker.Mask("a2F5"), Is.EqualTo("***"), "its whole base64 is not a word and is masked");
    }

    [Test]
    public void Overlapping_and_adjacent_secrets_are_masked_as_one()
    {
        var masker = new SecretMasker(["abcdef", "defghi", "xyz"]);
        Assert.That(masker.Mask("1 abcdefghi 2"), Is.EqualTo("1 *** 2"), "no part of either shows");
        Assert.That(masker.Mask("1 abcdefxyz 2"), Is.EqualTo("1 *** 2"));
        Assert.That(masker.Mask("1 abcdef xyz 2"), Is.EqualTo("1 *** *** 2"));
    }

    [Test]
    public void A_longer_secret_wins_over_a_shorter_one_it_starts_with()
    {
        var masker = new SecretMasker(["secret", "secret-long"]);
        Assert.That(masker.Variants[0], Has.Length.GreaterThanOrEqualTo(masker.Variants[^1].Length));
        Assert.That(masker.Mask("secret-long! secret-lo"), Is.EqualTo("***! ***-lo"));
    }

    [Test]
    public void Ordinary_text_comes_back_unchanged_and_as_the_same_instance()
    {
        var masker = new SecretMasker([Secret, "a>>>???b", "p@ss w0rd/1", "clé-42"]);
        foreach (var line in new[]
        {
            "Step 1/4 : FROM busybox", "sha256:9360ba4197459b0b6f5b3a1c0f4e5e8c0f1d2a3b4c5d6e7f8a9b0c1d2e3f4a5b6",
            "https://host/?a=b%20c", "{\"a\":\"\\u0022\"}", "the quick brown fox", "", "YWJjZGVm", "0123456789abcdef",
        })
            Assert.That(masker.Mask(line), Is.SameAs(line), line);
    }

    [Test]
    public void Random_secrets_never_show_raw_or_as_the_inner_part_of_any_base64_alignment()
    {
        // A property checked on many seeded random cases: any secret (3+ characters, with non-ASCII and surrogate
        // pairs), inside any base64 text, inside any surrounding text.
        var random = new Random(20240611);
        string[] alphabet = [.. "abcXYZ019-_+/=:@ \"\\%".Select(c => c.ToString()), "é", "漢", "😀"];
        string Text(int min, int max) => string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]));

        for (var i = 0; i < 2000; i++)
        {
            var secret = Text(3, 24);
            var (before, after) = (Text(0, 8), Text(0, 8));
            var encoded = Base64(before + secret + after);
            var text = Text(0, 5) + encoded + Text(0, 5) + secret + Text(0, 5);
            var start = (Encoding.UTF8.GetByteCount(before) * 8 + 5) / 6;
            var end = Encoding.UTF8.GetByteCount(before + secret) * 8 / 6;
            var inner = encoded[start..end];

            var masked = new SecretMasker([secret]).Mask(text);

            Assert.That(masked, Does.Not.Contain(secret), $"case {i}: '{secret}' in '{text}'");
            // Short inner parts that read as a word or number are left alone on purpose (see the test above).
            if (inner.Length >= 6) Assert.That(masked, Does.Not.Contain(inner), $"case {i}: base64 of '{secret}' in '{text}'");
        }
    }
}
