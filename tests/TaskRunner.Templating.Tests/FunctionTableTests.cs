using TaskRunner.Templating.Functions;

namespace TaskRunner.Templating.Tests;

/// <summary>The function table is ACR's: Go's built-ins plus all of Sprig v2.22.0's genericMap (acb has env, expandenv and getHostByName too).</summary>
public class FunctionTableTests
{
    /// <summary>Every key of Sprig v2.22.0's genericMap (functions.go), in its order.</summary>
    private static readonly string[] SprigV2220 =
    [
        "hello", "date", "date_in_zone", "date_modify", "now", "htmlDate", "htmlDateInZone", "dateInZone", "dateModify", "ago", "toDate", "unixEpoch",
        "abbrev", "abbrevboth", "trunc", "trim", "upper", "lower", "title", "untitle", "substr", "repeat", "trimall", "trimAll", "trimSuffix",
        "trimPrefix", "nospace", "initials", "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "swapcase", "shuffle", "snakecase",
        "camelcase", "kebabcase", "wrap", "wrapWith", "contains", "hasPrefix", "hasSuffix", "quote", "squote", "cat", "indent", "nindent",
        "replace", "plural", "sha1sum", "sha256sum", "adler32sum", "toString", "atoi", "int64", "int", "float64", "toDecimal", "split",
        "splitList", "splitn", "toStrings", "until", "untilStep", "add1", "add", "sub", "div", "mod", "mul", "biggest", "max", "min", "ceil",
        "floor", "round", "join", "sortAlpha", "default", "empty", "coalesce", "compact", "deepCopy", "toJson", "toPrettyJson", "ternary",
        "typeOf", "typeIs", "typeIsLike", "kindOf", "kindIs", "deepEqual", "env", "expandenv", "getHostByName", "base", "dir", "clean", "ext",
        "isAbs", "b64enc", "b64dec", "b32enc", "b32dec", "tuple", "list", "dict", "set", "unset", "hasKey", "pluck", "keys", "pick", "omit",
        "merge", "mergeOverwrite", "values", "append", "push", "prepend", "first", "rest", "last", "initial", "reverse", "uniq", "without",
        "has", "slice", "concat", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genSelfSignedCert", "genSignedCert",
        "encryptAES", "decryptAES", "uuidv4", "semver", "semverCompare", "fail", "regexMatch", "regexFindAll", "regexFind", "regexReplaceAll",
        "regexReplaceAllLiteral", "regexSplit", "urlParse", "urlJoin",
    ];

    /// <summary>Go text/template's predefined functions that TaskRunner offers (call has nothing to call here).</summary>
    private static readonly string[] GoBuiltins =
        ["and", "or", "not", "len", "index", "slice", "print", "println", "printf", "eq", "ne", "lt", "le", "gt", "ge", "urlquery", "html", "js"];

    [Test]
    public void IsGosBuiltinsAndAllOfSprigV2220()
    {
        var expected = SprigV2220.Union(GoBuiltins).Order(StringComparer.Ordinal);
        Assert.That(FunctionTable.Default.Names.Order(StringComparer.Ordinal), Is.EqualTo(expected));
    }
}
