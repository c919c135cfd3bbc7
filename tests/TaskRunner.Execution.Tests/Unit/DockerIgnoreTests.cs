using NUnit.Framework;
using TaskRunner.Execution.Archives;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Pattern matching checked against a table of the cases Docker's own matcher is tested with.</summary>
[TestFixture]
public sealed class DockerIgnoreTests
{
    [TestCase("**", "file", true)]
    [TestCase("**", "dir/file", true)]
    [TestCase("**/", "file", true)]
    [TestCase("**/", "dir/file", true)]
    [TestCase("**/**", "dir/file", true)]
    [TestCase("dir/**", "dir/file", true)]
    [TestCase("dir/**", "dir/dir2/file", true)]
    [TestCase("**/dir", "dir", true)]
    [TestCase("**/dir2/*", "dir/dir2/file", true)]
    [TestCase("**/dir2/**", "dir/dir2/dir3/file", true)]
    [TestCase("**file", "file", true)]
    [TestCase("**file", "dir/file", true)]
    [TestCase("**/file", "dir/file", true)]
    [TestCase("**file", "dir/dir/file", true)]
    [TestCase("**/file", "dir/dir/file", true)]
    [TestCase("**/file*", "dir/dir/file", true)]
    [TestCase("**/file*", "dir/dir/file.txt", true)]
    [TestCase("**/file*txt", "dir/dir/file.txt", true)]
    [TestCase("**/file*.txt", "dir/dir/file.txt", true)]
    [TestCase("**/file*.txt*", "dir/dir/file.txt", true)]
    [TestCase("**/**/*.txt", "dir/dir/file.txt", true)]
    [TestCase("**/**/*.txt2", "dir/dir/file.txt", false)]
    [TestCase("**/*.txt", "file.txt", true)]
    [TestCase("**/**/*.txt", "file.txt", true)]
    [TestCase("a**/*.txt", "a/file.txt", true)]
    [TestCase("a**/*.txt", "a/dir/file.txt", true)]
    [TestCase("a**/*.txt", "a/dir/dir/file.txt", true)]
    [TestCase("a/*.txt", "a/dir/file.txt", false)]
    [TestCase("a/*.txt", "a/file.txt", true)]
    [TestCase("a/*.txt**", "a/file.txt", true)]
    [TestCase("a[b-d]e", "ae", false)]
    [TestCase("a[b-d]e", "ace", true)]
    [TestCase("a[b-d]e", "aae", false)]
    [TestCase("a[^b-d]e", "aze", true)]
    [TestCase(".*", ".foo", true)]
    [TestCase(".*", "foo", false)]
    [TestCase("abc.def", "abcdef", false)]
    [TestCase("abc.def", "abc.def", true)]
    [TestCase("abc.def", "abcZdef", false)]
    [TestCase("abc?def", "abcZdef", true)]
    [TestCase("abc?def", "abcdef", false)]
    [TestCase("a\\\\", "a\\", true)]
    [TestCase("**/foo/bar", "foo/bar", true)]
    [TestCase("**/foo/bar", "dir/foo/bar", true)]
    [TestCase("**/foo/bar", "dir/dir2/foo/bar", true)]
    [TestCase("abc/**", "abc", false)]
    [TestCase("abc/**", "abc/def", true)]
    [TestCase("abc/**", "abc/def/ghi", true)]
    [TestCase("**/.foo", ".foo", true)]
    [TestCase("**/.foo", "bar.foo", false)]
    [TestCase("a(b)c/def", "a(b)c/def", true)]
    [TestCase("a(b)c/def", "a(b)c/xyz", false)]
    [TestCase("a.|)$(}+{bc", "a.|)$(}+{bc", true)]
    [TestCase("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
    [TestCase("*.go", "main.go", true)]
    [TestCase("*.go", "pkg/main.go", false)]
    [TestCase("/rooted", "rooted", true)]
    [TestCase("./dot/slash/", "dot/slash", true)]
    public void Pattern_matches_as_docker_does(string pattern, string path, bool expected) =>
        Assert.That(DockerIgnorePattern.Compile(pattern)!.Matches(path), Is.EqualTo(expected), $"{pattern} vs {path}");

    [Test]
    public void The_last_matching_line_wins_and_exceptions_reinclude()
    {
        var ignore = DockerIgnore.Parse("""
            # comment
            *.md
            !README.md
            docs
            !docs/keep.txt
            **/*.tmp
            """);
        Assert.Multiple(() =>
        {
            Assert.That(ignore.IsExcluded("CHANGES.md"), Is.True);
            Assert.That(ignore.IsExcluded("README.md"), Is.False);
            Assert.That(ignore.IsExcluded("sub/CHANGES.md"), Is.False, "*.md only matches at the root");
            Assert.That(ignore.IsExcluded("docs/guide.txt"), Is.True, "a matched directory excludes what it holds");
            Assert.That(ignore.IsExcluded("docs/keep.txt"), Is.False);
            Assert.That(ignore.IsExcluded("a/b/c.tmp"), Is.True);
            Assert.That(ignore.IsExcluded("src/main.cs"), Is.False);
            Assert.That(ignore.HasExceptions, Is.True);
        });
    }

    [Test]
    public void Exclude_everything_but_one_directory()
    {
        var ignore = DockerIgnore.Parse("*\n!app\n!app/**\napp/**/*.log\n");
        Assert.That(ignore.IsExcluded("other.txt"), Is.True);
        Assert.That(ignore.IsExcluded("app/main.py"), Is.False);
        Assert.That(ignore.IsExcluded("app/logs/x.log"), Is.True);
    }
}
