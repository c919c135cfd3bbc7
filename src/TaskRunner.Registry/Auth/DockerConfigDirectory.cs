namespace TaskRunner.Registry.Auth;

/// <summary>Where the docker CLI keeps its configuration: the given folder, else $DOCKER_CONFIG, else ~/.docker.</summary>
public static class DockerConfigDirectory
{
    public static string Resolve(string? configDirectory = null) =>
        configDirectory ?? Environment.GetEnvironmentVariable("DOCKER_CONFIG")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
}
