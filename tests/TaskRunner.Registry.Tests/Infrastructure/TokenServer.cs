using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace TaskRunner.Registry.Tests.Infrastructure;

/// <summary>
/// A small OAuth2-style token service on loopback for a token-auth registry: checks Basic credentials (GET) or a
/// refresh token (POST), and signs JWTs with a self-signed key the registry trusts. Counts the tokens it issued.
/// </summary>
internal sealed class TokenServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _user, _password, _refreshToken;
    private readonly CancellationTokenSource _stop = new();
    public int TokensIssued;
    /// <summary>The lifetime the service gives its tokens (expires_in, seconds).</summary>
    public int ExpiresIn = 300;
    public string Realm { get; }
    public const string Service = "taskrunner-test-registry";
    public const string Issuer = "taskrunner-test-issuer";

    public TokenServer(string user, string password, string refreshToken)
    {
        (_user, _password, _refreshToken) = (user, password, refreshToken);
        var request = new CertificateRequest("CN=taskrunner-test-token", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var port = Shell.FreeLoopbackPort();
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>The registry config's auth section for this server.</summary>
    public string AuthYaml(DirectoryInfo dir)
    {
        var bundle = Path.Combine(dir.FullName, "token.pem");
        File.WriteAllText(bundle, CertificatePem);
        return $"  token:\n    realm: {Realm}\n    service: {Service}\n    issuer: {Issuer}\n    rootcertbundle: {bundle}\n";
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { await HandleAsync(context); }
            catch (Exception) { context.Response.StatusCode = 500; }
            finally { context.Response.Close(); }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        List<string> scopes;
        string tokenField;
        if (request.HttpMethod == "POST")
        {
            var form = System.Web.HttpUtility.ParseQueryString(await new StreamReader(request.InputStream).ReadToEndAsync());
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] != _refreshToken) { context.Response.StatusCode = 401; return; }
            scopes = form.GetValues("scope")?.ToList() ?? [];
            tokenField = "access_token";
        }
        else
        {
            var header = request.Headers["Authorization"] ?? "";
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}"));
            if (header != expected) { context.Response.StatusCode = 401; return; }
            scopes = request.QueryString.GetValues("scope")?.ToList() ?? [];
            tokenField = "token";
        }
        var access = scopes.Select(scope => scope.Split(':')).Where(p => p.Length == 3)
            .Select(p => new { type = p[0], name = p[1], actions = p[2].Split(',') }).ToArray();
        var jwt = Sign(access);
        Interlocked.Increment(ref TokensIssued);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { [tokenField] = jwt, ["expires_in"] = ExpiresIn }));
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
    }

    private string Sign(object access)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = _user, aud = Service, exp = now + 300, nbf = now - 10, iat = now, jti = Guid.NewGuid().ToString("N"), access };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64(signature);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _key.Dispose();
        _certificate.Dispose();
    }
}
