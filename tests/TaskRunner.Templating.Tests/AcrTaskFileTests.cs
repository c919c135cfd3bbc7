namespace TaskRunner.Templating.Tests;

/// <summary>Whole task files as ACR users write them.</summary>
public class AcrTaskFileTests
{
    [Test]
    public void MultiArchTaskRenders()
    {
        const string task = """
            version: v1.1.0
            steps:
            - build: -t {{.Run.Registry}}/multi-arch-samples/myimage:{{.Run.ID}}-amd64 -f dockerfile.amd64 .
            - push:
                - {{.Run.Registry}}/multi-arch-samples/myimage:{{.Run.ID}}-amd64
            - cmd: >
                docker manifest create
                {{.Run.Registry}}/multi-arch-samples/myimage:latest
                {{.Run.Registry}}/multi-arch-samples/myimage:{{.Run.ID}}-amd64
            """;
        const string expected = """
            version: v1.1.0
            steps:
            - build: -t myregistry.azurecr.io/multi-arch-samples/myimage:ca12-amd64 -f dockerfile.amd64 .
            - push:
                - myregistry.azurecr.io/multi-arch-samples/myimage:ca12-amd64
            - cmd: >
                docker manifest create
                myregistry.azurecr.io/multi-arch-samples/myimage:latest
                myregistry.azurecr.io/multi-arch-samples/myimage:ca12-amd64
            """;
        Assert.That(Render.Of(task, AcrTaskFiles.Data()), Is.EqualTo(expected));
    }

    [Test]
    public void ValuesRangesAndTrimmingProduceCleanYaml()
    {
        const string task = """
            steps:
            {{- range $arch := .Values.archs }}
            - id: build-{{ $arch }}
              build: -t {{ $.Run.Registry }}/{{ $.Values.image }}:{{ $.Run.ID }}-{{ $arch }} .
            {{- end }}
            {{- if eq .Values.debug "true" }}
            - cmd: debug
            {{- end }}
            - cmd: echo replicas={{ add .Values.replicas 1 }} tag={{ .Values.tag | default "latest" }} {{ .Values.name | default "web" | upper | quote }}
            """;
        const string expected = """
            steps:
            - id: build-amd64
              build: -t myregistry.azurecr.io/web:ca12-amd64 .
            - id: build-arm64
              build: -t myregistry.azurecr.io/web:ca12-arm64 .
            - cmd: echo replicas=4 tag=latest "WEB"
            """;
        Assert.That(Render.Of(task, AcrTaskFiles.Data()), Is.EqualTo(expected));
    }

    [Test]
    public void HundredLineFileRendersEveryLine()
    {
        var rendered = Render.Of(AcrTaskFiles.HundredLines(), AcrTaskFiles.Data());
        Assert.That(rendered, Does.Not.Contain("{{").And.Not.Contain("<no value>"));
        Assert.That(rendered, Does.Contain("- cmd: myregistry.azurecr.io/tool:arm64 1"));
        Assert.That(rendered, Does.Contain("env: [\"N=4\", \"D=20100520-131422z\"]"));
    }
}
