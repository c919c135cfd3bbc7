namespace TaskRunner.Templating.Tests;

/// <summary>Realistic ACR task text and data for the task-file tests (tests/TaskRunner.Benchmarks times the same shape).</summary>
internal static class AcrTaskFiles
{
    public static Dictionary<string, object?> Data() => Render.Map(
        ("Run", Render.Map(
            ("ID", "ca12"), ("Registry", "myregistry.azurecr.io"), ("RegistryName", "myregistry"), ("Commit", "abc123"),
            ("Branch", "main"), ("Date", "20100520-131422z"), ("OS", "linux"), ("Architecture", "amd64"), ("SharedVolume", "vol1"))),
        ("Values", Render.Map(("image", "web"), ("replicas", "3"), ("archs", new List<object?> { "amd64", "arm64" }), ("debug", "false"))));

    /// <summary>A task file of about 100 lines using the usual template features (tests/TaskRunner.TestSupport/Fixtures).</summary>
    public static string HundredLines() => HundredLineTask.Text();
}
