namespace TaskRunner.TestSupport;

/// <summary>A task file of about 100 lines using the usual template features: rendered by the templating tests, timed by the benchmarks.</summary>
public static class HundredLineTask
{
    public static string Text()
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
