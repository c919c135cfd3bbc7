using System.Net;
using Polly;
using Polly.Retry;

namespace TaskRunner.Registry;

/// <summary>
/// The retry layer (Polly): 429 (honouring <c>Retry-After</c>, capped), 5xx and dropped connections are sent again
/// with exponential backoff, a bounded number of times; other 4xx answers, a refused certificate and a registry's
/// demand for a client certificate are never retried (they would only delay the message). The same request is sent
/// again, so its content must be re-readable (the client's is always a byte array).
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(int maxRetries, TimeSpan delay, TimeSpan maxRetryAfter, HttpMessageHandler inner) : base(inner)
    {
        _pipeline = maxRetries <= 0 ? ResiliencePipeline<HttpResponseMessage>.Empty : new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(IsTransient)
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                DelayGenerator = args =>
                {
                    var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                    if (wait is { } d) wait = d < TimeSpan.Zero ? TimeSpan.Zero : d > maxRetryAfter ? maxRetryAfter : d;
                    return ValueTask.FromResult(wait);
                },
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>A failure worth another attempt: anything but a refused certificate or handshake, which stays refused.</summary>
    public static bool IsTransient(HttpRequestException e) =>
        e.HttpRequestError != HttpRequestError.SecureConnectionError && !RegistryRequest.IsClientCertificateAlert(e);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await base.SendAsync(request, token).ConfigureAwait(false), cancellationToken).AsTask();
}
