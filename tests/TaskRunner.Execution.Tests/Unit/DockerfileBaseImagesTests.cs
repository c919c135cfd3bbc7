using NUnit.Framework;
using TaskRunner.Execution.Steps.Build;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class DockerfileBaseImagesTests
{
    [Test]
    public void The_last_stage_base_is_the_runtime_dependency_and_others_are_build_time()
    {
        var result = DockerfileBaseImages.Read("""
            ARG GO=1.22
            FROM --platform=$BUILDPLATFORM golang:${GO} AS build
            RUN go build
            FROM node:20 as web
            FROM alpine:3.20
            COPY --from=build /app /app
            """, new Dictionary<string, string>());
        Assert.That(result.Runtime, Is.EqualTo("alpine:3.20"));
        Assert.That(result.BuildTime, Is.EqualTo(new[] { "golang:1.22", "node:20" }));
    }

    [Test]
    public void Build_args_override_arg_defaults_and_stage_names_are_followed()
    {
        var result = DockerfileBaseImages.Read("ARG BASE=busybox\nFROM $BASE AS base\nFROM base\n", new Dictionary<string, string> { ["BASE"] = "debian:12" });
        Assert.That(result.Runtime, Is.EqualTo("debian:12"));
        Assert.That(result.BuildTime, Is.Empty);
    }

    [Test]
    public void Scratch_is_listed_like_any_base_as_acb_lists_it()
    {
        Assert.That(DockerfileBaseImages.Read("FROM scratch\nADD rootfs.tar /\n", new Dictionary<string, string>()).Runtime, Is.EqualTo("scratch"));
        Assert.That(DockerfileBaseImages.Read("FROM scratch AS empty\nFROM busybox\n", new Dictionary<string, string>()).BuildTime, Is.EqualTo(new[] { "scratch" }));
    }

    [Test]
    public void Target_stops_at_the_named_stage() =>
        Assert.That(DockerfileBaseImages.Read("FROM a:1 AS one\nFROM b:2 AS two\n", new Dictionary<string, string>(), "one").Runtime, Is.EqualTo("a:1"));
}
