namespace TaskRunner.Templating.Tests;

/// <summary>Realistic ACR task text and data for the task-file tests (tests/TaskRunner.Benchmarks times the same shape).</summary>
internal static class AcrTaskFiles
{
    public static Dictionary<string, object?> Data() => Render.Map(
        ("Run", Render.Map(
            ("ID", "ca12"), ("Registry", "myregistry.azurecr.io"), ("RegistryName", "myregistry"), ("Commit", "abc123"),
            ("Branch", "main"), ("Date", "20100520-131422z"), ("OS", "linux"), ("Architecture", "amd64"), ("SharedVolume", "vol1"))),
        ("Values", Render.Map(("image", "web"), ("replicas", "3"), ("archs", new List<object?> { "amd64", "arm64" }), ("debug", "false"))));

    /// <summary>A task file of about 100 lines using the usual template features.</summary>
    public static string HundredLines()
    {
        var lines = new List<string> { "version: v1.1.0", "steps:" };
        while (lines.Count < 96)
        {
            lines.Add("- id: build-{{ .Values.image }}-" + lines.Count);
            lines.Add("  build: -t {{ .Run.Registry }}/{{ .Values.image | lower }}:{{ .Run.ID }}-{{ .Run.Architecture }} .");
            lines.Add("  when: [\"{{ if eq .Values.debug \"true\" }}-{{ else }}build-{{ .Values.image }}{{ end }}\"]");
            lines.Add("  env: [\"N={{ add .Values.replicas 1 }}\", \"D={{ .Run.Date }}\"]");
        }
        lines.Add("{{- range $i, $a := .Values.archs }}");
        lines.Add("- cmd: {{ $.Run.Registry }}/tool:{{ $a }} {{ $i }}");
        lines.Add("{{- end }}");
        lines.Add("- push: [\"{{ .Run.Registry }}/{{ .Values.image }}:{{ .Run.ID | default \"latest\" }}\"]");
        return string.Join('\n', lines) + "\n";
    }
}
