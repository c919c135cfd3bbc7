// TaskRunner's build. Run through ./build.sh (it restores Cake from .config/dotnet-tools.json).
//   --target=Build     restore and build everything
//   --target=Services  bring up a Docker engine, a registry on 127.0.0.1:5000 and local base images where none run
//   --target=Test      Services, then every test project (unit + integration); writes artifacts/test-summary.txt
//   --target=Sample    Services, then the multi-arch sample end to end against the local engine and registry
//   --target=Publish   a ReadyToRun build of the CLI in artifacts/taskrunner (fastest start)
//   --target=Pack      the dotnet tool packages in artifacts/packages (ReadyToRun per platform, plus a portable one)
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var registry = EnvironmentVariable("TASKRUNNER_REGISTRY") ?? "127.0.0.1:5000";
var artifacts = MakeAbsolute(Directory("./artifacts"));

Task("Build").Does(() =>
{
    DotNetBuild("./TaskRunner.sln", new DotNetBuildSettings { Configuration = configuration });
});

Task("Services").Does(() =>
{
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "tests/infra/services.sh up" });
    if (exit != 0) throw new Exception($"tests/infra/services.sh up failed with exit code {exit}");
});

Task("Test")
    .IsDependentOn("Services")
    .IsDependentOn("Build")
    .Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    Exception failure = null;
    try
    {
        DotNetTest("./TaskRunner.sln", new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            ResultsDirectory = results,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            EnvironmentVariables = new Dictionary<string, string> { ["TASKRUNNER_REGISTRY"] = registry },
        });
    }
    catch (Exception e) { failure = e; }

    long passed = 0, failed = 0;
    foreach (var trx in GetFiles(results.FullPath + "/**/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += long.Parse(counters.Attribute("passed")?.Value ?? "0");
        failed += long.Parse(counters.Attribute("failed")?.Value ?? "0") + long.Parse(counters.Attribute("error")?.Value ?? "0")
            + long.Parse(counters.Attribute("timeout")?.Value ?? "0") + long.Parse(counters.Attribute("aborted")?.Value ?? "0");
    }
    var summary = $"{passed} passed, {failed} failed";
    System.IO.File.WriteAllText(artifacts.CombineWithFilePath("test-summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failure != null || failed > 0) throw new Exception("tests failed: " + summary);
});

Task("Sample")
    .IsDependentOn("Services")
    .IsDependentOn("Build")
    .Does(() =>
{
    var cli = $"src/TaskRunner.Cli/bin/{configuration}/net10.0/taskrunner.dll";
    var runId = "sample" + DateTime.UtcNow.ToString("HHmmss");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"{cli} run -f samples/multi-arch/acr-task.yaml -r {registry} --id {runId} samples/multi-arch",
    });
    if (exit != 0) throw new Exception($"the multi-arch sample failed with exit code {exit}");
});

// A ReadyToRun build of the CLI (framework-dependent): no JIT on the start-up path, about 0.3 s faster per run.
Task("Publish").Does(() =>
{
    var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
    DotNetPublish("./src/TaskRunner.Cli/TaskRunner.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        SelfContained = false,
        OutputDirectory = artifacts.Combine("taskrunner"),
        ArgumentCustomization = args => args.Append("-p:PublishReadyToRun=true"),
    });
    Information($"dotnet {artifacts.Combine("taskrunner").CombineWithFilePath("taskrunner.dll")}");
});

// The tool packages: pack publishes the CLI once per platform (ReadyToRun), so it builds for each itself.
Task("Pack").Does(() =>
{
    DotNetPack("./src/TaskRunner.Cli/TaskRunner.Cli.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine("packages"),
    });
});

RunTarget(target);
