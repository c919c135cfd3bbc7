namespace TaskRunner.Registry;

/// <summary>
/// The error layer, outermost: a connection that could not be made (after the retries inside) becomes a
/// <see cref="RegistryException"/> naming the registry (<c>host[:port]</c>) and the address tried, with the reason
/// (why a certificate was refused, where a client certificate goes). Answers pass through: what a failed answer
/// means depends on the operation, which <see cref="RegistryErrors"/> words.
/// </summary>
internal sealed class ErrorMappingHandler(string host, RegistryTransport? transport, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var why = transport?.LastRejection ?? e.InnerException?.Message ?? e.Message;
            throw new RegistryException($"cannot make a TLS connection to the registry {host} at {Address(request)}: {why}", inner: e);
        }
        catch (HttpRequestException e)
        {
            var why = RegistryRequest.Describe(e);
            // The server's TLS alert for a missing client certificate arrives with the first request under TLS 1.3.
            if (transport is { Certificates.ClientCertificates.Count: 0 } && RegistryRequest.IsClientCertificateAlert(e))
                why += $"; the registry asks for a client certificate: put it in {Path.Combine(transport.Certificates.Folder, "client.cert")} with its key client.key";
            throw new RegistryException($"cannot reach the registry {host} at {Address(request)}: {why}", inner: e);
        }
        catch (IOException e)
        {
            // A connection cut while a layer inside read an answer's body (the token service's).
            throw new RegistryException($"the connection to the registry {host} at {Address(request)} broke: {RegistryRequest.Describe(e)}", inner: e);
        }
    }

    private static string Address(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) + "/" : "";
}
