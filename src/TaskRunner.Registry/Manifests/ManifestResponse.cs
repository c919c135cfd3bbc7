namespace TaskRunner.Registry.Manifests;

/// <summary>A manifest as the registry served it: the exact bytes, their media type and their (verified) digest.</summary>
public sealed record ManifestResponse(string MediaType, byte[] Body, string Digest);
