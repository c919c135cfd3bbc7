using System.Text.RegularExpressions;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig v2's regular expression functions, with Go's RE2 syntax and match rules (<see cref="GoRegex"/>). regexMatch
/// is false for an invalid expression; the others use regexp.MustCompile, whose panic is the function's error.
/// </summary>
internal static class SprigRegex
{
    public static void Register(FunctionTable t)
    {
        t.Add("regexMatch", 2, 2, (a, _) => TryCompile(Args.String(a, 0)) is { } r && Run(() => r.IsMatch(Args.String(a, 1))));
        t.Add("regexFindAll", 3, 3, (a, _) => Run(() => Strings(MustCompile(Args.String(a, 0)).FindAll(Args.String(a, 1), Args.Int(a, 2)).Select(m => m.Value).ToList())));
        t.Add("regexFind", 2, 2, (a, _) => Run(() => MustCompile(Args.String(a, 0)).FindAll(Args.String(a, 1), 1) is [var m] ? m.Value : ""));
        t.Add("regexReplaceAll", 3, 3, (a, _) => Run(() => MustCompile(Args.String(a, 0)).ReplaceAll(Args.String(a, 1), Args.String(a, 2), literal: false)));
        t.Add("regexReplaceAllLiteral", 3, 3, (a, _) => Run(() => MustCompile(Args.String(a, 0)).ReplaceAll(Args.String(a, 1), Args.String(a, 2), literal: true)));
        t.Add("regexSplit", 3, 3, (a, _) => Run(() => MustCompile(Args.String(a, 0)) is var regex && Args.Int(a, 2) == 0 ? Lists.NilStrings : regex.Split(Args.String(a, 1), Args.Int(a, 2))));
    }

    /// <summary>Go's []string result: nil (printed [], JSON null) when nothing was found.</summary>
    private static IReadOnlyList<object?> Strings(List<string> found) => found.Count == 0 ? Lists.NilStrings : found;

    private static GoRegex? TryCompile(string expr)
    {
        try { return GoRegex.Compile(expr); }
        catch (GoRegexException) { return null; }
    }

    private static GoRegex MustCompile(string expr)
    {
        try { return GoRegex.Compile(expr); }
        catch (GoRegexException e) { throw FunctionException.Failed(GoRegex.MustCompileMessage(expr, e.Message)); }
    }

    /// <summary>RE2 runs in linear time; .NET backtracks, so a pathological expression is stopped by a timeout instead.</summary>
    private static T Run<T>(Func<T> body)
    {
        try { return body(); }
        catch (RegexMatchTimeoutException) { throw FunctionException.Failed("the regular expression took too long (more than 2 seconds) on this input"); }
    }
}
