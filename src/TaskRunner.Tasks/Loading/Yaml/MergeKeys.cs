using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// Merge keys applied to parsing events as yaml.v2 (acb's YAML library) applies them (each rule observed with acb,
/// corpus cases loading/merge-key-*): the value of <c>&lt;&lt;</c> may be an alias of a mapping, a mapping written in
/// place (<c>&lt;&lt;: {cmd: x}</c>), or a list of those (<c>&lt;&lt;: [*a, {id: b}]</c>), where an earlier item wins
/// over a later one; anything else fails ("map merge requires map or sequence of maps as the value"). The merged
/// pairs take the place of the merge key, so that, a key written twice keeping its last value, a key written after
/// the merge key wins over a merged one and a key written before it is overridden, as in yaml.v2 (which decodes the
/// keys of a mapping in order, a merge at its place). Only a plain <c>&lt;&lt;</c> is a merge key (a quoted one is
/// an ordinary key). Copies keep the positions of the text they copy and lose their anchors.
/// </summary>
internal sealed class MergeKeys
{
    /// <summary>yaml.v2's message for a merge whose value is not a mapping or a list of mappings.</summary>
    public const string NotAMap = "a merge key (<<) takes a mapping, an alias of one, or a list of those; ACR fails the same way "
        + "(\"map merge requires map or sequence of maps as the value\")";

    private readonly List<ParsingEvent> _input;
    private readonly int[] _after;
    private readonly int _maxEvents;
    private readonly bool _defer;
    private readonly List<ParsingEvent> _output;
    private readonly Dictionary<string, (int Start, int End)> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<ParsingEvent> _merged = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<ParsingEvent>> _detached = new(StringComparer.Ordinal);

    private MergeKeys(List<ParsingEvent> input, int[] after, int maxEvents, bool defer)
    {
        _defer = defer;
        _input = input;
        _after = after;
        _maxEvents = maxEvents;
        _output = new List<ParsingEvent>(input.Count);
    }

    /// <summary>The key a wrong merge is kept under when deferred (a character no YAML text can hold starts it).</summary>
    private const string FailedMergeKey = "\uFFFEfailed-merge:<<";

    /// <summary>Whether the key is a merge of something else than mappings, kept to be reported where it is read.</summary>
    public static bool IsFailedMerge(string? key) => key == FailedMergeKey;

    /// <summary>Whether the text may hold a merge key at all (no '&lt;&lt;', nothing to merge).</summary>
    public static bool MayMerge(string text) => text.Contains("<<", StringComparison.Ordinal);

    /// <summary>
    /// The events with every merge key applied, and the key events a merge brought in. Throws a
    /// <see cref="YamlException"/> at the value of a merge that is not a mapping or a list of mappings, or where the
    /// events grow past <paramref name="maxEvents"/> (a merge bomb); an <see cref="UnknownAnchorException"/> for an alias
    /// of an anchor not defined before it.
    /// </summary>
    /// <param name="defer">
    /// Instead of failing on a merge of something else than mappings, keep it as a key <see cref="IsFailedMerge"/>
    /// recognises, at the position of the value in the wrong: yaml.v2 fails only when it decodes that mapping, so a
    /// wrong merge under a key acb ignores is accepted (observed with acb, corpus case loading/merge-key-scalar-ignored-key).
    /// </param>
    public static (List<ParsingEvent> Events, HashSet<ParsingEvent> MergedKeys) Apply(List<ParsingEvent> events, int[] after, int maxEvents, int depth, bool defer = false)
    {
        var merger = new MergeKeys(events, after, maxEvents, defer);
        if (depth < 1000) merger.Run();
        else
        {
            // Nested deeper than a thread's usual stack allows for this recursion (up to LenientYaml.MaxDepth levels).
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { merger.Run(); }
                catch (Exception e) { failure = e; }
            }, 512 * 1024 * 1024);
            thread.Start();
            thread.Join();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return (merger._output, merger._merged);
    }

    private void Run()
    {
        for (var i = 0; i < _input.Count;)
            i = _input[i] is MappingStart or SequenceStart or Scalar or AnchorAlias ? Node(i) : Add(i);
    }

    private int Add(int i)
    {
        _output.Add(_input[i]);
        return i + 1;
    }

    private static bool IsMergeKey(ParsingEvent e) =>
        e is Scalar { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any } key && (key.Tag.IsEmpty || key.Tag.Value == "tag:yaml.org,2002:merge");

    /// <summary>Writes the node at <paramref name="i"/>, merges applied; returns the index after it.</summary>
    private int Node(int i)
    {
        var start = _output.Count;
        var node = _input[i];
        int next;
        switch (node)
        {
            case MappingStart:
                _output.Add(node);
                next = Body(i);
                _output.Add(_input[next - 1]);
                break;
            case SequenceStart:
                _output.Add(node);
                var k = i + 1;
                while (_input[k] is not SequenceEnd) k = Node(k);
                _output.Add(_input[k]);
                next = k + 1;
                break;
            case AnchorAlias alias when _detached.TryGetValue(alias.Value.Value, out var copy):
                // An alias of a mapping that was merged in place (<<: &m {..}): that mapping is nowhere else whole.
                foreach (var e in copy) Add(WithoutAnchor(e), e);
                next = i + 1;
                break;
            default:
                _output.Add(node);
                next = i + 1;
                break;
        }
        if (node is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            _anchors[anchored.Anchor.Value] = (start, _output.Count);
            _detached.Remove(anchored.Anchor.Value);
        }
        Check(node);
        return next;
    }

    /// <summary>Writes the pairs of the mapping at <paramref name="mapping"/>, merges applied; returns the index after its end.</summary>
    private int Body(int mapping)
    {
        var j = mapping + 1;
        while (_input[j] is not MappingEnd)
        {
            var value = _after[j];
            if (IsMergeKey(_input[j])) Merge(value);
            else
            {
                Node(j);
                Node(value);
            }
            j = _after[value];
        }
        return j + 1;
    }

    /// <summary>The value of a merge (or the list item) that is not a mapping, an alias of one, nor a list of those; or null.</summary>
    private ParsingEvent? Wrong(int value)
    {
        switch (_input[value])
        {
            case AnchorAlias alias:
                return IsMapping(alias) ? null : alias;
            case MappingStart:
                return null;
            case SequenceStart:
                for (var k = value + 1; _input[k] is not SequenceEnd; k = _after[k])
                    if (_input[k] is not MappingStart && (_input[k] is not AnchorAlias alias || !IsMapping(alias))) return _input[k];
                return null;
            default:
                return _input[value];
        }
    }

    /// <summary>Whether an alias names a mapping; an anchor not defined before it fails as acb fails (at parse time).</summary>
    private bool IsMapping(AnchorAlias alias)
    {
        if (_detached.ContainsKey(alias.Value.Value)) return true;
        if (!_anchors.TryGetValue(alias.Value.Value, out var range))
            throw new UnknownAnchorException(alias.Start, alias.End, alias.Value.Value);
        return _output[range.Start] is MappingStart;
    }

    /// <summary>Writes the pairs the merge value at <paramref name="value"/> brings in.</summary>
    private void Merge(int value)
    {
        if (Wrong(value) is { } wrong)
        {
            if (!_defer) throw new YamlException(wrong.Start, wrong.End, NotAMap);
            _output.Add(new Scalar(AnchorName.Empty, TagName.Empty, FailedMergeKey, ScalarStyle.Plain, true, false, wrong.Start, wrong.End, true));
            Node(value);
            return;
        }
        switch (_input[value])
        {
            case AnchorAlias alias:
                CopyPairs(alias);
                break;
            case MappingStart:
                Pairs(value);
                break;
            default:
                // Earlier items win: they are written last, and the last copy of a key is the one kept.
                var items = new List<int>();
                for (var k = value + 1; _input[k] is not SequenceEnd; k = _after[k]) items.Add(k);
                for (var n = items.Count - 1; n >= 0; n--)
                {
                    if (_input[items[n]] is AnchorAlias alias) CopyPairs(alias);
                    else Pairs(items[n]);
                }
                break;
        }
    }

    /// <summary>Writes the pairs of the mapping written in place at <paramref name="mapping"/>, merges applied, keys marked as merged.</summary>
    private void Pairs(int mapping)
    {
        var start = _output.Count;
        var end = Body(mapping);
        MarkKeys(start);
        if (_input[mapping] is MappingStart { Anchor.IsEmpty: false } anchored)
        {
            // An anchor on a merged mapping (<<: &m {..}) still names the whole mapping for a later *m.
            var copy = new List<ParsingEvent>(_output.Count - start + 2) { anchored };
            copy.AddRange(_output.GetRange(start, _output.Count - start));
            copy.Add(_input[end - 1]);
            _detached[anchored.Anchor.Value] = copy;
            _anchors.Remove(anchored.Anchor.Value);
        }
    }

    /// <summary>Marks the keys written from <paramref name="start"/> on (pairs of one mapping) as brought in by a merge.</summary>
    private void MarkKeys(int start)
    {
        var depth = 0;
        var isKey = true;
        for (var i = start; i < _output.Count; i++)
        {
            var e = _output[i];
            if (depth == 0 && isKey) _merged.Add(e);
            if (e is MappingStart or SequenceStart) depth++;
            else if (e is MappingEnd or SequenceEnd) depth--;
            if (depth == 0) isKey = !isKey;
        }
    }

    private void Add(ParsingEvent e, ParsingEvent at)
    {
        _output.Add(e);
        Check(at);
    }

    /// <summary>Copies the pairs of the mapping an alias names (already merged), without anchors.</summary>
    private void CopyPairs(AnchorAlias alias)
    {
        var start = _output.Count;
        if (_detached.TryGetValue(alias.Value.Value, out var copy))
        {
            for (var i = 1; i < copy.Count - 1; i++) Add(WithoutAnchor(copy[i]), copy[i]);
        }
        else
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var range))
                throw new UnknownAnchorException(alias.Start, alias.End, alias.Value.Value);
            for (var i = range.Start + 1; i < range.End - 1; i++) Add(WithoutAnchor(_output[i]), _output[i]);
        }
        MarkKeys(start);
    }

    /// <summary>A copy of the event without its anchor (a scalar always a new one, so that a copied key is told from its original).</summary>
    private static ParsingEvent WithoutAnchor(ParsingEvent e) => e switch
    {
        Scalar s => new Scalar(AnchorName.Empty, s.Tag, s.Value, s.Style, s.IsPlainImplicit, s.IsQuotedImplicit, s.Start, s.End, s.IsKey),
        MappingStart { Anchor.IsEmpty: false } m => new MappingStart(AnchorName.Empty, m.Tag, m.IsImplicit, m.Style, m.Start, m.End),
        SequenceStart { Anchor.IsEmpty: false } q => new SequenceStart(AnchorName.Empty, q.Tag, q.IsImplicit, q.Style, q.Start, q.End),
        _ => e,
    };

    private void Check(ParsingEvent at)
    {
        if (_output.Count > _maxEvents)
            throw new YamlException(at.Start, at.End,
                $"merge keys ('<<: *name') expand this YAML to more than {_maxEvents} nodes (a merge bomb: mappings merged into "
                + "mappings, level after level); TaskRunner refuses it. Merge each mapping once, or write the keys out");
    }
}
