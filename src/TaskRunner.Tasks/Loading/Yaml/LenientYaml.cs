using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// YAML loaded as acb's library (yaml.v2) reads it: merge keys (<c>&lt;&lt;: *base</c>) are applied, and a key given
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
    public static YamlStream Load(string text, Action<string, Mark, Mark>? duplicate = null, Action<Mark>? ignored = null, bool keepOverridden = false)
    {
        var events = new List<ParsingEvent>();
        // Without a merge key there is nothing to merge, and a text yields fewer events than it has characters.
        IParser parser = text.Contains("<<", StringComparison.Ordinal)
            ? new MergingParser(new Parser(new StringReader(text)), MaxEvents(text))
            : new Parser(new StringReader(text));
        var depth = 0;
        var rootDone = false;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                events.Add(current);
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

        var removed = new bool[events.Count];
        var overridden = 0;
        Visit(events, removed, 0, events.Count, duplicate, keepOverridden ? i =>
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
    /// The most parsing events a text may produce. Without merge keys a text yields fewer events than it has characters,
    /// so a real file of any size passes (a 30,000-step task, 5 MB of YAML); what merge keys copy in may add as much
    /// again, plus a fixed allowance. A merge bomb (keys merged into keys, ten times over) grows past it and is refused.
    /// </summary>
    public static int MaxEvents(string text) => (int)Math.Min(int.MaxValue, 500_000L + 2L * text.Length);

    /// <summary>Index just past the node starting at <paramref name="i"/> (a whole mapping or sequence, or one event).</summary>
    private static int Skip(List<ParsingEvent> events, int i)
    {
        var depth = 0;
        do
        {
            if (events[i] is MappingStart or SequenceStart or DocumentStart or StreamStart) depth++;
            else if (events[i] is MappingEnd or SequenceEnd or DocumentEnd or StreamEnd) depth--;
            i++;
        } while (depth > 0 && i < events.Count);
        return i;
    }

    private static void Visit(List<ParsingEvent> events, bool[] removed, int from, int to, Action<string, Mark, Mark>? duplicate, Action<int>? keep)
    {
        for (var i = from; i < to; i++)
        {
            if (events[i] is not MappingStart mapping) continue;
            var end = Skip(events, i) - 1;
            var seen = new Dictionary<string, (int Start, int End, Mark Mark)>(StringComparer.Ordinal);
            for (var key = i + 1; key < end;)
            {
                var value = Skip(events, key);
                var next = Skip(events, value);
                if (events[key] is Scalar { Value: var name })
                {
                    if (seen.TryGetValue(name, out var earlier))
                    {
                        if (keep is not null) keep(earlier.Start);
                        else
                            for (var r = earlier.Start; r < earlier.End; r++) removed[r] = true;
                        // Keys a merge brought in (their text is elsewhere) are overridden silently.
                        if (duplicate is not null && earlier.Mark.Index >= mapping.Start.Index && events[key].Start.Index >= mapping.Start.Index)
                            duplicate(name, earlier.Mark, events[key].Start);
                    }
                    seen[name] = (key, next, events[key].Start);
                }
                Visit(events, removed, value, next, duplicate, keep);
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
