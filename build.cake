// TaskRunner's build. Run through ./build.sh (it restores Cake from .config/dotnet-tools.json).
//   --target=Build     restore and build everything
//   --target=Services  bring up a Docker engine, a registry on 127.0.0.1:5000 and local base images where none run
//   --target=Test      Services, then every test project (unit + integration); writes artifacts/test-summary.txt
//   --target=Sample    Services, then the multi-arch sample end to end against the local engine and registry
//   --target=Publish   a ReadyToRun build of the CLI in artifacts/taskrunner (fastest start)
//   --target=Pack      the dotnet tool packages in artifacts/packages (ReadyToRun per platform, plus a portable one)
//   --target=PublishNative  one native executable per RID (NativeAOT, no .NET runtime needed) in
//                      artifacts/native/<rid>/taskrunner; --rid=linux-x64,linux-arm64 (default: this machine's)
//   --native=false     with --target=Test: skip the native publish (its tests are then reported as ignored)
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var registry = EnvironmentVariable("TASKRUNNER_REGISTRY") ?? "127.0.0.1:5000";
var artifacts = MakeAbsolute(Directory("./artifacts"));
var hostRid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
var nativeRids = Argument("rid", hostRid).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var native = Argument("native", true);

bool OnPath(string program) =>
    (EnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator).Any(d => d.Length > 0 && System.IO.File.Exists(System.IO.Path.Combine(d, program)));

// NativeAOT: ILCompiler (the SDK picks its version) compiles the CLI and links it with clang, or with gcc where no clang
// is on PATH. Another architecture's RID is linked with that architecture's gcc cross toolchain.
FilePath PublishNative(string rid)
{
    var output = artifacts.Combine("native").Combine(rid);
    var properties = new List<string> { "-p:PublishAot=true" };
    var hostArch = hostRid.Substring(hostRid.LastIndexOf('-') + 1);
    var arch = rid.Substring(rid.LastIndexOf('-') + 1);
    if (rid.StartsWith("linux-") && arch != hostArch)
    {
        var triple = arch switch { "arm64" => "aarch64-linux-gnu", "x64" => "x86_64-linux-gnu", _ => throw new Exception($"PublishNative: no cross toolchain known for {rid}") };
        var library = arch == "arm64" ? "libc6-dev-arm64-cross" : "libc6-dev-amd64-cross";
        if (!OnPath(triple + "-gcc"))
            throw new Exception($"PublishNative: {rid} on this {hostRid} machine needs the cross linker {triple}-gcc and the target's C library "
                + $"(Debian: apt-get install gcc-{triple} {library}), or a {rid} machine");
        // gcc takes no --target (the cross gcc knows its target): NativeCrossGcc drops it (TaskRunner.Cli.csproj).
        properties.AddRange(new[] { $"-p:CppCompilerAndLinker={triple}-gcc", $"-p:ObjCopyName={triple}-objcopy", "-p:NativeCrossGcc=true" });
    }
    DotNetPublish("./src/TaskRunner.Cli/TaskRunner.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        OutputDirectory = output,
        ArgumentCustomization = args => { foreach (var p in properties) args.Append(p); return args; },
    });
    var exe = output.CombineWithFilePath("taskrunner");
    if (!FileExists(exe)) throw new Exception($"PublishNative: {exe} was not made");
    Information($"{rid}: {exe}");
    return exe;
}

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
    var environment = new Dictionary<string, string> { ["TASKRUNNER_REGISTRY"] = registry };
    // The native binary of this machine's RID, for the tests in category Native (they compare it with the JIT build).
    // Published here, they must find it; without it (--native=false, or plain `dotnet test`) they are ignored.
    if (native) environment["TASKRUNNER_NATIVE"] = PublishNative(hostRid).FullPath;
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
            EnvironmentVariables = environment,
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

// One self-contained native executable per RID (NativeAOT): artifacts/native/<rid>/taskrunner, with its symbols beside it
// (taskrunner.dbg). Minutes per RID on two cores.
Task("PublishNative").Does(() =>
{
    foreach (var rid in nativeRids) PublishNative(rid);
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
