namespace TaskRunner.Registry;

/// <summary>What a request to a registry carries for the layers of <see cref="RegistryHttp"/>: the token scopes it needs.</summary>
internal static class RegistryRequest
{
    /// <summary>The scopes (<c>repository:NAME:pull,push</c>) a bearer token for this request must grant.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("TaskRunner.Registry.Scopes");

    public static HttpRequestMessage WithScopes(this HttpRequestMessage request, IReadOnlyList<string> scopes)
    {
        request.Options.Set(Scopes, scopes);
        return request;
    }

    public static IReadOnlyList<string> ScopesOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Scopes, out var scopes) ? scopes : [];

    /// <summary>
    /// The messages of an exception and its causes, each once: a cause whose words an outer message already holds
    /// ("Connection refused" under "Connection refused (127.0.0.1:5000)") adds nothing. ("An error occurred while
    /// sending the request" says little alone.)
    /// </summary>
    public static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var message = x.Message.TrimEnd('.');
            if (!messages.Any(m => m.Contains(message, StringComparison.Ordinal))) messages.Add(message);
        }
        return string.Join(": ", messages);
    }

    /// <summary>The TLS alert a server that wants a client certificate sends (after the handshake, under TLS 1.3).</summary>
    public static bool IsClientCertificateAlert(Exception e)
    {
        var why = Describe(e);
        return why.Contains("alert bad certificate", StringComparison.Ordinal) || why.Contains("alert certificate required", StringComparison.Ordinal);
    }
}
