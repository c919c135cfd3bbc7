namespace TaskRunner.Execution.Ports;

/// <summary>
/// The operations a run needs from a container engine. <see cref="DockerEngine"/> talks to the Docker Engine API; the
/// scheduler's unit tests use a fake. Every method throws <see cref="EngineException"/> for engine-side errors.
/// </summary>
public interface IContainerEngine
{
    /// <summary>The engine's OS, architecture and negotiated API version.</summary>
    Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken);

    Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken);
    Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken);
    Task RemoveNetworkAsync(string name, CancellationToken cancellationToken);

    Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken);
    Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);
    Task RemoveVolumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Extracts a tar stream, produced by <paramref name="writeTar"/>, at the root of a volume.</summary>
    Task CopyIntoVolumeAsync(string volume, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken);
    /// <summary>
    /// Reads a file or directory of a volume as a tar stream (entries named after the path's last part); false, and
    /// <paramref name="readTar"/> not called, when the path does not exist.
    /// </summary>
    Task<bool> ReadFromVolumeAsync(string volume, string path, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> readTar, CancellationToken cancellationToken);

    /// <summary>Null when the image is not present locally.</summary>
    Task<ImageDetails?> InspectImageAsync(string image, CancellationToken cancellationToken);
    Task PullImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken);

    Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken);
    Task ConnectNetworkAsync(string container, string network, IReadOnlyList<string> aliases, CancellationToken cancellationToken);
    Task StartContainerAsync(string container, CancellationToken cancellationToken);
    /// <summary>Streams the container's output line by line until it stops (or the token is cancelled).</summary>
    Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken);
    /// <summary>Waits for the container to stop and returns its exit code.</summary>
    Task<long> WaitContainerAsync(string container, CancellationToken cancellationToken);
    /// <summary>Kills the container when it runs; no error when it already stopped or is gone.</summary>
    Task KillContainerAsync(string container, CancellationToken cancellationToken);
    /// <summary>Removes the container (forcefully) with its anonymous volumes; no error when it is gone.</summary>
    Task RemoveContainerAsync(string container, CancellationToken cancellationToken);

    /// <summary>Removes one tag (as <c>docker rmi REF</c>: the image goes with its last tag); no error when it is gone.</summary>
    Task UntagImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Builds an image from a context tar stream; returns the image id.</summary>
    Task<string> BuildImageAsync(ImageBuildSpec spec, Stream context, Action<OutputLine> output, CancellationToken cancellationToken);
    /// <summary>Pushes one image reference; returns the manifest digest the registry reported.</summary>
    Task<string?> PushImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken);

    /// <summary>Names of the containers, networks and volumes carrying a label (used for clean-up and by tests).</summary>
    Task<EngineObjects> ListLabelledAsync(string label, string value, CancellationToken cancellationToken);
    /// <summary>The containers, networks and volumes carrying a label, whatever its value, grouped by the value.</summary>
    Task<IReadOnlyDictionary<string, EngineObjects>> ListByLabelValueAsync(string label, CancellationToken cancellationToken);
}
