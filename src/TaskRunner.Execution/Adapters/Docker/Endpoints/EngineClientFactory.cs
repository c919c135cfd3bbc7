using System.Net.Sockets;
using System.Security.Authentication;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.NativeHttp;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// Builds Docker.DotNet clients for an <see cref="EngineEndpoint"/>: the unix socket or plain tcp as they are, tcp
/// with TLS through <see cref="EngineTlsAuthProvider"/>, ssh through <see cref="SshDialStdioTransport"/>. Asks the
/// engine for its API version with a bounded wait, and turns every way of failing to reach it into one
/// <see cref="EngineEndpointException"/> that names the engine and its context.
/// </summary>
public static class EngineClientFactory
{
    /// <summary>How long the first request (the version probe) may take before the engine counts as unreachable.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A client for <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The engine.</param>
    /// <param name="apiVersion">The API version to speak, or null for the engine's own.</param>
    /// <param name="timeout">How long one request may take (<see cref="Timeout.InfiniteTimeSpan"/> for none).</param>
    /// <param name="wrapper">A provider whose handler wraps the transport's (after TLS), or null.</param>
    public static DockerClient Create(EngineEndpoint endpoint, Version? apiVersion, TimeSpan timeout, IAuthProvider? wrapper = null) =>
        Create(endpoint, apiVersion, timeout, wrapper, out _);

    private static DockerClient Create(EngineEndpoint endpoint, Version? apiVersion, TimeSpan timeout, IAuthProvider? wrapper, out EngineTlsAuthProvider? tls)
    {
        tls = null;
        var builder = new DockerClientBuilder().WithApiVersion(apiVersion).WithTimeout(timeout);
        switch (endpoint.Transport)
        {
            case EngineTransport.Ssh:
                var target = endpoint.Ssh ?? throw new EngineEndpointException($"{endpoint.Host} is not an ssh address");
                // The endpoint is kept only for messages: the transport ignores it and runs ssh.
                return builder.WithEndpoint(new Uri(endpoint.Host)).WithAuthProvider(wrapper)
                    .WithTransportOptions(new SshDialStdioTransport(target), target).Build();
            case EngineTransport.Tcp when endpoint.Tls is { } settings:
                tls = new EngineTlsAuthProvider(settings, wrapper);
                // .NET's own HTTP client: its TLS handshake honours timeouts (an engine that accepts and never
                // answers fails within the probe's wait), and it keeps connections for reuse as the CLI's client does.
                return builder.WithEndpoint(new Uri(endpoint.Host)).WithAuthProvider(tls).WithTransportOptions(new NativeHttpTransportOptions
                {
                    ConfigureHandler = handler =>
                    {
                        handler.ConnectTimeout = ProbeTimeout;
                        // Every running step holds a wait and a log stream: no cap on connections.
                        handler.MaxConnectionsPerServer = int.MaxValue;
                    },
                }).Build();
            default:
                return builder.WithEndpoint(new Uri(endpoint.Host)).WithAuthProvider(wrapper).Build();
        }
    }

    /// <summary>The engine's API version (1.41 when it names none).</summary>
    /// <exception cref="EngineEndpointException">The engine cannot be reached, refused the TLS handshake, or answered with an error.</exception>
    public static async Task<Version> ProbeApiVersionAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var client = Create(endpoint, null, ProbeTimeout, null, out var tls);
        try
        {
            // Bounded here too: no transport may hang the start of a run (ssh waiting on a prompt, a silent peer).
            var version = await client.System.GetVersionAsync(cancellationToken).WaitAsync(ProbeTimeout + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            return Version.TryParse(version.APIVersion, out var v) ? v : new Version(1, 41);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new EngineEndpointException($"cannot reach the Docker engine at {endpoint.Describe()}: {Explain(endpoint, e, tls?.Rejection)}", e);
        }
    }

    /// <summary>The cause of a failed first request, in words.</summary>
    internal static string Explain(EngineEndpoint endpoint, Exception e, string? tlsRejection)
    {
        if (tlsRejection is not null) return "TLS: " + tlsRejection;
        // ssh's own words, not the broken pipe under them that showed ssh had ended.
        if (Chain(e).OfType<SshEndedException>().FirstOrDefault() is { } ssh) return ssh.Message;
        var root = e.GetBaseException();
        var message = root.Message.Trim();
        if (e is OperationCanceledException or TimeoutException || root is TimeoutException)
            return $"no answer within {ProbeTimeout.TotalSeconds:0} seconds";
        if (e is DockerApiException api && api.ResponseBody?.Contains("HTTP request to an HTTPS server", StringComparison.OrdinalIgnoreCase) == true)
            return "the engine speaks TLS, and TaskRunner sent plain HTTP: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use a context with TLS files)";
        // Past the TLS checks above, a failure on a TLS connection that is not a refused or reset connection is the
        // engine turning the client down (with TLS 1.3 its alert comes only with the first answer) or not speaking TLS.
        if (endpoint.UsesTls && root is not SocketException && e is not DockerApiException
            && (Chain(e).Any(x => x is AuthenticationException or IOException or HttpRequestException) || root.Message.Contains("SSL", StringComparison.Ordinal)))
        {
            var client = endpoint.Tls!.CertificatePem is null || endpoint.Tls.KeyPem is null
                ? $"the engine may require a client certificate, and there is none (no cert.pem and key.pem in {endpoint.Tls.Source})"
                : $"the engine may not accept the client certificate in {endpoint.Tls.Source}, or may not speak TLS";
            return $"the TLS connection failed ({message}): {client}";
        }
        if (root is SocketException socket)
            return $"{message} ({socket.SocketErrorCode})";
        return message;
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
