namespace TaskRunner.Registry.Manifests;

/// <summary>Which list media type <c>taskrunner manifest push</c> writes.</summary>
public enum ManifestListFormat
{
    /// <summary>A Docker manifest list when every image is a Docker manifest, else an OCI index.</summary>
    Auto,
    Docker,
    Oci,
}
