namespace TaskRunner.Tasks.Model;

/// <summary>Image name handling shared by planning and lints (no registry access).</summary>
public static class ImageNames
{
    /// <summary>Adds <c>:latest</c> when the name has neither a tag nor a digest (a port in the host is not a tag).</summary>
    public static string WithDefaultTag(string image)
    {
        var trimmed = image.Trim();
        if (trimmed.Contains('@')) return trimmed;
        var lastSlash = trimmed.LastIndexOf('/');
        var lastColon = trimmed.LastIndexOf(':');
        return lastColon > lastSlash ? trimmed : trimmed + ":latest";
    }

    /// <summary>
    /// A push step's name as acb lists it: <c>:latest</c> is added only when the name has no <c>:</c> and no <c>@</c>
    /// anywhere, so <c>host:5000/app</c> stays as written (the engine still pushes its <c>latest</c> tag) and is not
    /// merged with <c>host:5000/app:latest</c>.
    /// </summary>
    public static string AsPushed(string image)
    {
        var trimmed = image.Trim();
        return trimmed.Contains('@') || trimmed.Contains(':') ? trimmed : trimmed + ":latest";
    }

    /// <summary>The tag part of a reference, or empty.</summary>
    public static string Tag(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        var lastColon = image.LastIndexOf(':');
        return lastColon > lastSlash ? image[(lastColon + 1)..] : "";
    }
}
