namespace TaskRunner.Registry.Manifests;

public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>Every manifest type, so the registry never converts to schema 1 for lack of an Accept header.</summary>
    public static readonly IReadOnlyList<string> Accept = [DockerManifest, DockerManifestList, OciManifest, OciIndex];

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;
    public static bool IsImage(string mediaType) => mediaType is DockerManifest or OciManifest;
    public static bool IsConfig(string mediaType) => mediaType is DockerConfig or OciConfig;
}
