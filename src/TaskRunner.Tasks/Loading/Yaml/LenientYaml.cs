using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// YAML loaded as acb's library (yaml.v2) reads it: merge keys (<c>&lt;&lt;: *base</c>, <c>&lt;&lt;: {..}</c>,
/// <c>&lt;&lt;: [*a, {..}]</c>) are applied as yaml.v2 applies them (<see cref="MergeKeys"/>), and a key given
/// twice in one mapping keeps its last value instead of failing. Positions stay those of the original text.
/// </summary>
public static class LenientYaml
{
    /// <summary>
    /// The start of the key under which <see cref="Load"/> keeps an overridden copy when asked to (a character no YAML
    /// text can hold, so no real key starts with it).
    /// </summary>
    private const string OverriddenPrefix = "\uFFFEoverridden:";

    /// <summary>
    /// The key name of an overridden copy kept by <see cref="Load"/> (<c>keepOverridden</c>), or null for a real key.
    /// </summary>
    public static string? OverriddenName(string? key)
    {
        if (key is null || !key.StartsWith(OverriddenPrefix, StringComparison.Ordinal)) return null;
        var colon = key.IndexOf(':', OverriddenPrefix.Length);
        return key[(colon + 1)..];
    }

    /// <summary>Loads the text; <paramref name="duplicate"/> hears of each key written again (the overridden key's position first).</summary>
    /// <param name="ignored">
    /// Hears of text after the first document (its first position): yaml.v2 reads only the first document of a stream,
    /// and whatever follows it, a second document or lines indented less than the first key, invalid YAML included,
    /// is never read (observed with acb).
    /// </param>
    /// <param name="keepOverridden">
    /// Keep each overridden copy of a key written twice in the tree, under a key <see cref="OverriddenName"/> recognises,
    /// instead of dropping it: yaml.v2 decodes every copy into the same field in turn, so acb type-checks each of them
    /// (<c>timeout: abc</c> then <c>timeout: 10</c> fails) and merges maps (observed with acb).
    /// </param>
    /// <param name="deferFailedMerges">
    /// Keep a merge of something else than mappings as a key <see cref="MergeKeys.IsFailedMerge"/> recognises, for the
    /// reader to report where it reads that mapping, instead of failing the whole text (see <see cref="MergeKeys.Apply"/>).
    /// </param>
    public static YamlStream Load(string text, Action<string, Mark, Mark>? duplicate = null, Action<Mark>? ignored = null, bool keepOverridden = false,
        bool deferFailedMerges = false)
    {
        // yaml.v2 reads a '-' followed by ',', ']' or '}' in a flow collection as the text "-" ([-], [a, -], {a: -});
        // YamlDotNet refuses it ("Invalid key indicator format"). Each such dash it stops at is read as a placeholder
        // of the same width, which becomes "-" again below. A comment yaml.v2 reads and YamlDotNet refuses (see
        // AdjacentComment) is blanked, also keeping every position.
        var dashes = new HashSet<long>();
        var parsed = text;
        var repairs = 0;
        var closers = new List<(Mark Start, Mark End, string? Name)>();
        List<ParsingEvent> events;
        while (true)
        {
            try
            {
                events = Events(parsed, ignored);
                break;
            }
            catch (YamlException e) when (repairs < MaxRepairs && IsLoneFlowDash(parsed, e.Start.Index))
            {
                repairs++;
                dashes.Add(e.Start.Index);
                parsed = string.Concat(parsed.AsSpan(0, (int)e.Start.Index), [DashPlaceholder], parsed.AsSpan((int)e.Start.Index + 1));
            }
            catch (YamlException e) when (repairs < MaxRepairs && AdjacentComment(parsed, e.Start.Index) is var hash && hash >= 0)
            {
                repairs++;
                parsed = BlankComment(parsed, hash);
            }
            catch (ArgumentException) when (repairs < MaxRepairs && InvalidGlobalTag(parsed) is { } tag)
            {
                // YamlDotNet fails without a position on a tag it cannot make a URI of: where yaml.v2 reads it, see below.
                repairs++;
                var name = parsed[(int)tag.Start.Index..(int)tag.End.Index];
                if (name.IndexOfAny([']', '}']) >= 0) closers.Add((tag.Start, tag.End, name));
                parsed = UnknownTag(parsed, tag.Start, tag.End);
            }
            catch (YamlException e) when (e is not YamlDepthException && closers.LastOrDefault(c => c.Start.Index <= e.Start.Index) is { Name: not null } closer)
            {
                // The flow collection the tag took the closing bracket of is left open: say so where the user wrote it.
                throw new YamlException(closer.Start, closer.End,
                    $"a tag runs to the next white space, so '{closer.Name}' takes in the '{closer.Name[closer.Name.IndexOfAny([']', '}'])]}' "
                    + $"and the flow collection is not closed (ACR fails the same way: \"did not find expected ',' or ']'\"); write a space before the '{closer.Name[closer.Name.IndexOfAny([']', '}'])]}'");
            }
        }
        events = FlowScalars(events, parsed, dashes);
        var merged = new HashSet<ParsingEvent>(ReferenceEqualityComparer.Instance);
        if (MergeKeys.MayMerge(parsed)) (events, merged) = MergeKeys.Apply(events, NodeEnds(events), MaxEvents(text), Depth(events), deferFailedMerges);

        var removed = new bool[events.Count];
        var overridden = 0;
        Visit(events, NodeEnds(events), removed, 0, events.Count, merged, duplicate, keepOverridden ? i =>
        {
            // The key event of the earlier copy gets a name of its own; its value stays where it is.
            var key = (Scalar)events[i];
            events[i] = new Scalar(key.Anchor, key.Tag, $"{OverriddenPrefix}{overridden++}:{key.Value}", key.Style,
                key.IsPlainImplicit, key.IsQuotedImplicit, key.Start, key.End, key.IsKey);
        } : null);

        var stream = new YamlStream();
        stream.Load(new EventReplay(events.Where((_, i) => !removed[i]).ToList()));
        return stream;
    }

    /// <summary>
    /// The deepest nesting read, as in acb's yaml.v2: flow collections nested more than this many levels, or block
    /// collections more than this many indentation levels (a sequence written at its key's column adds none), fail with
    /// "exceeded max depth of 10000" (observed with acb). Refused before any node is built, so deep nesting costs time
    /// in proportion to its size and no stack.
    /// </summary>
    public const int MaxDepth = 10_000;

    /// <summary>
    /// How many lone dashes in flow collections, adjacent comments and tags no URI can hold one text may have (each
    /// costs a parse of the whole text).
    /// </summary>
    private const int MaxRepairs = 64;

    /// <summary>Stands for a lone '-' in a flow collection while YamlDotNet parses (private use: no YAML meaning).</summary>
    private const char DashPlaceholder = '\uE000';

    /// <summary>
    /// The first <c>!!</c> tag YamlDotNet cannot make a URI of (<c>!!str]</c>: it fails with "Global tags must be valid
    /// URIs" and no position), found with its own scanner, or null.
    /// </summary>
    private static (Mark Start, Mark End)? InvalidGlobalTag(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                if (scanner.Current is not YamlDotNet.Core.Tokens.Tag { Handle: "!!" } tag) continue;
                try
                {
                    _ = new TagName("tag:yaml.org,2002:" + tag.Suffix);
                }
                catch (ArgumentException)
                {
                    return (tag.Start, tag.End);
                }
            }
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // The scanner fails further on (the text is wrong for another reason too): no invalid tag before that.
        }
        return null;
    }

    /// <summary>
    /// The text with the characters of a <c>!!</c> tag's name that no URI may hold (<c>[ ] { } | \ ^ ` " &lt; &gt;</c> and
    /// the like) replaced by '_': yaml.v2 takes them into the tag's name (a tag runs to the next white space), so the tag is
    /// one it does not know, as the '_' form is; the text tagged is kept as written (<c>id: !!str] abc</c> is accepted
    /// with the ID abc), and in a flow collection the ']' or '}' taken into the tag is missing to both (<c>[!!null]</c>
    /// fails with "did not find expected ',' or ']'" where the line ends). Observed with acb: corpus cases
    /// loading/yaml-tag-invalid-uri-*. Positions are kept.
    /// </summary>
    private static string UnknownTag(string text, Mark start, Mark end)
    {
        var chars = text.ToCharArray();
        for (var i = (int)start.Index + 2; i < (int)end.Index && i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '.' or '_' or '~')) chars[i] = '_';
        return new string(chars);
    }

    /// <summary>
    /// Where YamlDotNet stopped at <paramref name="errorIndex"/> on a comment that yaml.v2 reads, the index of its '#',
    /// else -1. yaml.v2 (acb) takes a '#' at the start of any token as a comment, white space before it or not: right
    /// after a flow indicator (<c>[A=1,#c</c>, <c>{#c</c>, <c>[a]#c</c>), a closing quote (<c>"a"#c</c>) or a block
    /// scalar header (<c>cmd: |#c</c>, <c>&gt;-#c</c>, <c>|2#c</c>), while
    /// YamlDotNet wants white space before a comment and stops at the '#' or at the token before it (observed with acb,
    /// corpus cases loading/yaml-flow-comment-*). Inside plain text a '#' after a character other than white space stays
    /// text for both (<c>[A=1#c]</c>).
    /// </summary>
    internal static int AdjacentComment(string text, long errorIndex)
    {
        // A block scalar header: '|' or '>', its indicators ('-', '+', a digit), then the '#' (YamlDotNet stops at the '|').
        if (errorIndex >= 0 && errorIndex < text.Length && text[(int)errorIndex] is '|' or '>')
        {
            var j = (int)errorIndex + 1;
            while (j < text.Length && j - errorIndex <= 3 && text[j] is '-' or '+' or (>= '0' and <= '9')) j++;
            if (j < text.Length && text[j] == '#') return j;
        }
        for (var i = errorIndex; i <= errorIndex + 1; i++)
            if (i > 0 && i < text.Length && text[(int)i] == '#' && text[(int)i - 1] is ',' or '[' or '{' or ']' or '}' or '"' or '\'')
                return (int)i;
        return -1;
    }

    /// <summary>
    /// The text with the comment at <paramref name="hash"/> (to the end of its line) replaced by spaces: what yaml.v2
    /// reads is unchanged, and so is every position.
    /// </summary>
    internal static string BlankComment(string text, int hash)
    {
        var end = hash;
        while (end < text.Length && text[end] is not '\n' and not '\r') end++;
        return string.Concat(text.AsSpan(0, hash), new string(' ', end - hash), text.AsSpan(end));
    }

    private static bool IsLoneFlowDash(string text, long index) =>
        index >= 0 && index + 1 < text.Length && text[(int)index] == '-' && text[(int)index + 1] is ',' or ']' or '}';

    /// <summary>The parsing events of the first document (see <see cref="Load"/> for what is ignored after it).</summary>
    private static List<ParsingEvent> Events(string text, Action<Mark>? ignored)
    {
        var events = new List<ParsingEvent>();
        // Merge keys are applied afterwards (MergeKeys), as yaml.v2 applies them.
        IParser parser = new Parser(new StringReader(text));
        var depth = 0;
        var rootDone = false;
        // Per open collection: flow or block, its column, whether it adds a level (see MaxDepth).
        var open = new Stack<(bool Flow, long Column, bool Counted)>();
        int flowDepth = 0, blockDepth = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                events.Add(current);
                if (current is SequenceStart or MappingStart)
                {
                    var flow = current is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow };
                    var counted = flow || open.Count == 0 || open.Peek().Flow || current.Start.Column > open.Peek().Column;
                    open.Push((flow, current.Start.Column, counted));
                    if (counted && (flow ? ++flowDepth : ++blockDepth) > MaxDepth)
                        throw new YamlDepthException(current.Start, current.End,
                            $"the YAML nests more than {MaxDepth} {(flow ? "flow collections" : "indentation levels")} deep; ACR fails the same way (\"exceeded max depth of {MaxDepth}\")");
                }
                else if (current is SequenceEnd or MappingEnd && open.Count > 0)
                {
                    var (flow, _, counted) = open.Pop();
                    if (counted && flow) flowDepth--;
                    else if (counted) blockDepth--;
                }
                if (current is DocumentEnd)
                {
                    // The first document is all yaml.v2 reads; look once further only to tell about what is left.
                    try
                    {
                        if (parser.MoveNext() && parser.Current is not StreamEnd && parser.Current is { } next) ignored?.Invoke(next.Start);
                    }
                    catch (YamlException e)
                    {
                        ignored?.Invoke(e.Start);
                    }
                    events.Add(new StreamEnd());
                    break;
                }
                if (current is MappingStart or SequenceStart) depth++;
                else if (current is MappingEnd or SequenceEnd) depth--;
                if (depth == 0 && current is MappingEnd or SequenceEnd or Scalar or AnchorAlias) rootDone = true;
            }
        }
        catch (YamlException e) when (rootDone && depth == 0 && events.Count > 0 && events[^1] is not DocumentEnd)
        {
            // The root node is complete and the parser fails on what follows it (a line indented less than the first key).
            ignored?.Invoke(e.Start);
            events.Add(new DocumentEnd(true));
            events.Add(new StreamEnd());
        }
        return events;
    }

    /// <summary>
    /// Plain scalars in flow collections as yaml.v2 reads them (observed with acb), where YamlDotNet reads them otherwise:
    /// a lone '-' (the placeholder) is "-"; a '?' ends a plain scalar, so one inside it (<c>[http://x?y=1]</c>) is an
    /// error; a '?' at its start is a key indicator, so <c>[?x]</c> is the mapping {x: null}; a ':' at its start is an
    /// error (<c>[:x]</c>).
    /// </summary>
    private static List<ParsingEvent> FlowScalars(List<ParsingEvent> events, string text, HashSet<long> dashes)
    {
        if (dashes.Count == 0 && !events.Any(e => e is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow }))
            return events;
        var result = new List<ParsingEvent>(events.Count);
        // Per open collection: whether it is in flow context, and whether it is a flow sequence.
        var open = new Stack<(bool Flow, bool Sequence)>();
        foreach (var e in events)
        {
            switch (e)
            {
                case SequenceStart start:
                    open.Push((start.Style == SequenceStyle.Flow || open.Count > 0 && open.Peek().Flow, start.Style == SequenceStyle.Flow));
                    break;
                case MappingStart start:
                    open.Push((start.Style == MappingStyle.Flow || open.Count > 0 && open.Peek().Flow, false));
                    break;
                case SequenceEnd or MappingEnd:
                    if (open.Count > 0) open.Pop();
                    break;
                case Scalar scalar when dashes.Contains(scalar.Start.Index) && scalar.Value == DashPlaceholder.ToString():
                    result.Add(new Scalar(scalar.Anchor, scalar.Tag, "-", scalar.Style, scalar.IsPlainImplicit, scalar.IsQuotedImplicit,
                        scalar.Start, scalar.End, scalar.IsKey));
                    continue;
                case Scalar { Style: ScalarStyle.Plain } scalar when open.Count > 0 && open.Peek().Flow && scalar.Value.Length > 0:
                    var raw = text.Substring((int)scalar.Start.Index, (int)(scalar.End.Index - scalar.Start.Index));
                    if (raw.StartsWith(':'))
                        throw new YamlException(scalar.Start, scalar.End, "did not find expected node content (a ':' starts a value in a flow collection; quote the text)");
                    var question = raw.IndexOf('?', 1);
                    if (question > 0)
                    {
                        var at = MarkAt(text, scalar.Start, question);
                        throw new YamlException(at, at,
                            $"did not find expected ',' or '{(open.Peek().Sequence ? ']' : '}')}' (a '?' ends plain text in a flow collection; quote the text)");
                    }
                    if (raw.StartsWith('?') && open.Peek().Sequence && scalar.Anchor.IsEmpty && scalar.Tag.IsEmpty)
                    {
                        var key = scalar.Value[1..].TrimStart();
                        if (key.Length == 0)
                            throw new YamlException(scalar.Start, scalar.End, "did not find expected ',' or ']' (a lone '?' in a flow collection)");
                        var keyStart = MarkAt(text, scalar.Start, 1);
                        result.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow, scalar.Start, scalar.End));
                        result.Add(new Scalar(AnchorName.Empty, TagName.Empty, key, ScalarStyle.Plain, true, false, keyStart, scalar.End));
                        result.Add(new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.Plain, true, false, scalar.End, scalar.End));
                        result.Add(new MappingEnd(scalar.End, scalar.End));
                        continue;
                    }
                    break;
            }
            result.Add(e);
        }
        return result;
    }

    /// <summary>The position <paramref name="offset"/> characters after <paramref name="start"/>.</summary>
    private static Mark MarkAt(string text, Mark start, int offset)
    {
        long line = start.Line, column = start.Column;
        for (var i = 0; i < offset; i++)
        {
            if (text[(int)start.Index + i] == '\n') { line++; column = 1; }
            else column++;
        }
        return new Mark(start.Index + offset, line, column);
    }

    /// <summary>
    /// The most parsing events a text may produce. Without merge keys a text yields fewer events than it has characters,
    /// so a real file of any size passes (a 30,000-step task, 5 MB of YAML); what merge keys copy in may add as much
    /// again, plus a fixed allowance. A merge bomb (keys merged into keys, ten times over) grows past it and is refused.
    /// </summary>
    public static int MaxEvents(string text) => (int)Math.Min(int.MaxValue, 500_000L + 2L * text.Length);

    /// <summary>
    /// For each event, the index just past the node it starts (a whole mapping or sequence, or the one event), found in
    /// one pass so that walking nested mappings stays linear in their depth.
    /// </summary>
    private static int[] NodeEnds(List<ParsingEvent> events)
    {
        var after = new int[events.Count];
        var open = new Stack<int>();
        for (var i = 0; i < events.Count; i++)
        {
            after[i] = i + 1;
            if (events[i] is MappingStart or SequenceStart or DocumentStart or StreamStart) open.Push(i);
            else if (events[i] is MappingEnd or SequenceEnd or DocumentEnd or StreamEnd && open.Count > 0) after[open.Pop()] = i + 1;
        }
        return after;
    }

    /// <summary>The deepest nesting of collections in the events.</summary>
    private static int Depth(List<ParsingEvent> events)
    {
        int depth = 0, deepest = 0;
        foreach (var e in events)
        {
            if (e is MappingStart or SequenceStart) deepest = Math.Max(deepest, ++depth);
            else if (e is MappingEnd or SequenceEnd) depth--;
        }
        return deepest;
    }

    private static void Visit(List<ParsingEvent> events, int[] after, bool[] removed, int from, int to, HashSet<ParsingEvent> merged, Action<string, Mark, Mark>? duplicate, Action<int>? keep)
    {
        for (var i = from; i < to; i++)
        {
            if (events[i] is not MappingStart) continue;
            var end = after[i] - 1;
            var seen = new Dictionary<string, (int Start, int End, Mark Mark)>(StringComparer.Ordinal);
            for (var key = i + 1; key < end;)
            {
                var value = after[key];
                var next = after[value];
                if (events[key] is Scalar { Value: var name })
                {
                    if (seen.TryGetValue(name, out var earlier))
                    {
                        var written = !merged.Contains(events[earlier.Start]) && !merged.Contains(events[key]);
                        if (keep is not null) keep(earlier.Start);
                        else
                            for (var r = earlier.Start; r < earlier.End; r++) removed[r] = true;
                        // Keys a merge brought in are overridden, and override, silently (yaml.v2's merge rules, see MergeKeys).
                        if (duplicate is not null && written)
                            duplicate(name, earlier.Mark, events[key].Start);
                    }
                    seen[name] = (key, next, events[key].Start);
                }
                Visit(events, after, removed, value, next, merged, duplicate, keep);
                key = next;
            }
            i = end;
        }
    }

    private sealed class EventReplay(List<ParsingEvent> events) : IParser
    {
        private int _index = -1;
        public ParsingEvent? Current => _index >= 0 && _index < events.Count ? events[_index] : null;
        public bool MoveNext() => ++_index < events.Count;
    }
}

/// <summary>The YAML nests deeper than <see cref="LenientYaml.MaxDepth"/> levels.</summary>
public sealed class YamlDepthException(Mark start, Mark end, string message) : YamlException(start, end, message);
