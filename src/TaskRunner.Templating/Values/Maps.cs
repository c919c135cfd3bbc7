using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace TaskRunner.Templating.Values;

/// <summary>Read access to the map shapes a template accepts: string-keyed generic or non-generic dictionaries.</summary>
internal static class Maps
{
    public static bool IsMap(object? value) =>
        value is IDictionary<string, object?> or IReadOnlyDictionary<string, object?> or IDictionary;

    /// <summary>Looks a key up. Returns false when the value is not a map at all.</summary>
    public static bool TryGet(object map, string key, out object? value, out bool found)
    {
        switch (map)
        {
            case IDictionary<string, object?> d:
                found = d.TryGetValue(key, out value);
                return true;
            case IReadOnlyDictionary<string, object?> r:
                found = r.TryGetValue(key, out value);
                return true;
            case IDictionary n:
                found = n.Contains(key);
                value = found ? n[key] : null;
                return true;
            default:
                value = null;
                found = false;
                return false;
        }
    }

    /// <summary>A public property of a plain .NET object (used only when data is not a dictionary).</summary>
    public static bool TryGetProperty(object target, string name, out object? value)
    {
        // A Sprig value (a version, a certificate) keeps its public properties in a trimmed or native build: IGoValue
        // asks for them. Any other object is one a library caller handed to Render (TaskRunner itself passes maps).
        var property = target is IGoValue go
            ? go.FieldsType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            : CallerObjectProperty(target, name);
        if (property is null || property.GetIndexParameters().Length > 0)
        {
            value = null;
            return false;
        }
        value = property.GetValue(target);
        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Only objects a caller of GoTemplate.Render passes as data reach "
        + "here (TaskRunner passes maps and lists; Sprig's own values are IGoValue, whose properties are kept): such a caller keeps its types' properties.")]
    private static PropertyInfo? CallerObjectProperty(object target, string name) =>
        target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);

    public static int Count(object map) => map switch
    {
        IDictionary<string, object?> d => d.Count,
        IReadOnlyDictionary<string, object?> r => r.Count,
        IDictionary n => n.Count,
        _ => 0,
    };

    /// <summary>Entries in Go's order for ranging and printing: keys sorted (ordinal).</summary>
    public static List<KeyValuePair<string, object?>> Sorted(object map)
    {
        var entries = new List<KeyValuePair<string, object?>>();
        switch (map)
        {
            case IDictionary<string, object?> d: entries.AddRange(d); break;
            case IReadOnlyDictionary<string, object?> r: entries.AddRange(r); break;
            case IDictionary n:
                foreach (DictionaryEntry e in n) entries.Add(new(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Value));
                break;
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }
}
