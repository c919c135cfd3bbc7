namespace TaskRunner.Registry.Tests.Infrastructure;

/// <summary>Builds small per-architecture images from the local busybox images and pushes them with the real engine.</summary>
internal static class TestImages
{
    /// <summary>Builds FROM taskrunner/busybox:ARCH with a file naming the arch and a unique marker, tags and pushes it.</summary>
    public static void BuildAndPush(string reference, string arch, string marker)
    {
        var dir = Directory.CreateTempSubdirectory("tr-img");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "arch.txt"), $"{arch} {marker}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "Dockerfile"), $"FROM taskrunner/busybox:{arch}\nCOPY arch.txt /arch.txt\n");
            Shell.Run("docker", ["build", "-q", "-t", reference, dir.FullName], new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" });
            Shell.Docker("push", "-q", reference);
        }
        finally
        {
            dir.Delete(true);
            Shell.Run("docker", ["rmi", "-f", reference], check: false);
        }
    }

    public static string Registry => Environment.GetEnvironmentVariable("TASKRUNNER_REGISTRY") ?? "127.0.0.1:5000";

    public static string UniqueRepository(string prefix) => $"tr-tests/{prefix}-{Guid.NewGuid():N}";
}
