using System.Text;
using TaskRunner.GoEncoding;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;

namespace TaskRunner.Registry.Tests.Unit;

public class FormatTests
{
    [Test]
    public void Bearer_challenge_is_parsed()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.example.io/token\",service=\"registry.example.io\",scope=\"repository:a/b:pull,push\"")!;
        Assert.That(c.IsBearer, Is.True);
        Assert.That(c.Realm, Is.EqualTo("https://auth.example.io/token"));
        Assert.That(c.Service, Is.EqualTo("registry.example.io"));
        Assert.That(c.Parameters["scope"], Is.EqualTo("repository:a/b:pull,push"));
        Assert.That(AuthChallenge.Parse("Basic realm=\"x\"")!.IsBasic, Is.True);
        Assert.That(AuthChallenge.Parse(""), Is.Null);
    }

    [Test]
    public void Manifest_list_is_written_as_go_marshal_indent_with_three_spaces()
    {
        var entries = new[]
        {
            new ManifestEntry { Ref = "r/a:1", MediaType = MediaTypes.DockerManifest, Digest = "sha256:aa", Size = 528, Raw = [],
                Platform = new ManifestPlatform("amd64", "linux") },
            new ManifestEntry { Ref = "r/a:2", MediaType = MediaTypes.DockerManifest, Digest = "sha256:bb", Size = 529, Raw = [],
                Platform = new ManifestPlatform("arm64", "linux", Variant: "v8") },
        };
        var text = Encoding.UTF8.GetString(ManifestListWriter.Write(ManifestListWriter.DockerMediaType(entries), entries));
        Assert.That(text, Is.EqualTo(
            "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n   \"manifests\": [\n"
            + "      {\n         \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n         \"size\": 528,\n         \"digest\": \"sha256:aa\",\n"
            + "         \"platform\": {\n            \"architecture\": \"amd64\",\n            \"os\": \"linux\"\n         }\n      },\n"
            + "      {\n         \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n         \"size\": 529,\n         \"digest\": \"sha256:bb\",\n"
            + "         \"platform\": {\n            \"architecture\": \"arm64\",\n            \"os\": \"linux\",\n            \"variant\": \"v8\"\n         }\n      }\n   ]\n}"));
    }

    [Test]
    public void Oci_first_entry_makes_an_oci_index()
    {
        var entry = new ManifestEntry { Ref = "r", MediaType = MediaTypes.OciManifest, Digest = "sha256:a", Size = 1, Raw = [], Platform = new("amd64", "linux") };
        Assert.That(ManifestListWriter.DockerMediaType([entry]), Is.EqualTo(MediaTypes.OciIndex));
    }

    [Test]
    public void Json_is_indented_like_go_json_indent()
    {
        Assert.That(JsonIndenter.Indent("{\"a\":[1,{\"b\":\"x:y,\\\"z\"}],\"c\":{},\"d\":[]}", "\t"),
            Is.EqualTo("{\n\t\"a\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": \"x:y,\\\"z\"\n\t\t}\n\t],\n\t\"c\": {},\n\t\"d\": []\n}"));
    }

    [Test]
    public void Go_escapes_html_characters()
    {
        var entry = new ManifestEntry { Ref = "r", MediaType = "a<b>&c", Digest = "d", Size = 1, Raw = [], Platform = new("amd64", "linux") };
        Assert.That(Encoding.UTF8.GetString(ManifestListWriter.Write("m", [entry])), Does.Contain("a\\u003cb\\u003e\\u0026c"));
    }

    [Test]
    public void Go_json_without_indent_is_json_marshal_and_replaces_unpaired_surrogates()
    {
        var json = new GoJson("").BeginObject().Property("a", "x\ud800y\U0001F600").Name("b").BeginArray()
            .Element().Literal("null").Element().Value(-3).End(']').Name("c").BeginObject().End('}').End('}');
        Assert.That(json.ToString(), Is.EqualTo("{\"a\":\"x\\ufffdy\U0001F600\",\"b\":[null,-3],\"c\":{}}"));
        Assert.That(json.Length, Is.EqualTo(json.ToString().Length));
    }
}
