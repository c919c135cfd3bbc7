using System.Text.Json.Serialization;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Source-generated JSON for the few values the engine adapter writes itself (the build's <c>cachefrom</c> array), so that
/// no reflection-based serialisation is left in the native (NativeAOT) build. Docker.DotNet.Enhanced serialises its own
/// models with its own source-generated context.
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
