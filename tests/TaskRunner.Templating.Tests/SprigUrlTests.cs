namespace TaskRunner.Templating.Tests;

/// <summary>urlParse and urlJoin as Sprig builds them on Go's net/url (cases from Sprig's url_test.go and net/url's rules).</summary>
public class SprigUrlTests
{
    [TestCase("proto://auth@host:80/path?query#fragment", "map[fragment:fragment host:host:80 hostname:host opaque: path:/path query:query scheme:proto userinfo:auth]")]
    [TestCase("something", "map[fragment: host: hostname: opaque: path:something query: scheme: userinfo:]")]
    [TestCase("proto://user:passwor%20d@host:80/path", "map[fragment: host:host:80 hostname:host opaque: path:/path query: scheme:proto userinfo:user:passwor%20d]")]
    [TestCase("proto://host:80/pa%20th?key=val%20ue", "map[fragment: host:host:80 hostname:host opaque: path:/pa th query:key=val%20ue scheme:proto userinfo:]")]
    [TestCase("MAILTO:joe@example.com", "map[fragment: host: hostname: opaque:joe@example.com path: query: scheme:mailto userinfo:]")]
    [TestCase("http://[::1]:8080/x#a%20b", "map[fragment:a b host:[::1]:8080 hostname:::1 opaque: path:/x query: scheme:http userinfo:]")]
    public void Parse(string url, string expected) =>
        Assert.That(Render.Of($"{{{{ urlParse \"{url}\" }}}}"), Is.EqualTo(expected));

    [TestCase("{{ urlJoin (dict \"fragment\" \"fragment\" \"host\" \"host:80\" \"path\" \"/path\" \"query\" \"query\" \"scheme\" \"proto\") }}", "proto://host:80/path?query#fragment")]
    [TestCase("{{ urlJoin (dict \"fragment\" \"fragment\" \"host\" \"host:80\" \"path\" \"/path\" \"scheme\" \"proto\" \"userinfo\" \"ASDJKJSD\") }}", "proto://ASDJKJSD@host:80/path#fragment")]
    [TestCase("{{ urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com\" \"path\" \"/a b?c\" \"fragment\" \"a b!\") }}", "https://example.com/a%20b%3Fc#a%20b!")]
    [TestCase("{{ urlJoin (dict \"scheme\" \"file\" \"path\" \"/tmp\") }} {{ urlJoin (dict \"path\" \"a:b\") }} {{ urlJoin (dict \"host\" \"h\" \"path\" \"p\") }}", "file:///tmp ./a:b //h/p")]
    [TestCase("{{ urlJoin (dict \"scheme\" \"https\" \"host\" \"h\" \"userinfo\" \"user:p%40ss\") }}", "https://user:p%40ss@h")]
    [TestCase("{{ urlParse \"https://u:p@h:1/a?b#c\" | urlJoin }}", "https://u:p@h:1/a?b#c")]
    public void Join(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase("{{ urlParse \"http://h/a%zzb\" }}", "unable to parse url: parse \"http://h/a%zzb\": invalid URL escape \"%zz\"")]
    [TestCase("{{ urlParse \":foo\" }}", "unable to parse url: parse \":foo\": missing protocol scheme")]
    [TestCase("{{ urlParse \"1a:b\" }}", "unable to parse url: parse \"1a:b\": first path segment in URL cannot contain colon")]
    [TestCase("{{ urlParse \"http://h:port/\" }}", "unable to parse url: parse \"http://h:port/\": invalid port \":port\" after host")]
    [TestCase("{{ urlParse \"http://[::1/\" }}", "unable to parse url: parse \"http://[::1/\": missing ']' in host")]
    [TestCase("{{ urlJoin (dict \"userinfo\" \"us er\") }}", "unable to parse userinfo in dict: parse \"proto://us er@host\": net/url: invalid userinfo")]
    [TestCase("{{ urlJoin (dict \"host\" 5) }}", "unable to parse host key, must be of type string, but int found")]
    public void Errors(string template, string message)
    {
        var failure = Render.Failure(template);
        Assert.That(failure.Code, Is.EqualTo("TPL005"));
        Assert.That(failure.Message, Does.Contain(message));
    }
}
