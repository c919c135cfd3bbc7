namespace TaskRunner.Registry.Manifests;

/// <summary>docker's file-safe names for references (':' to '-', '/' to '_'); docker orders a list's entries by them.</summary>
public static class StoreNames
{
    public static string FileSafe(string reference) => reference.Replace(':', '-').Replace('/', '_');
}
