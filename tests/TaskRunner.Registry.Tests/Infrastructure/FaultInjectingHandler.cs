using System.Net;

namespace TaskRunner.Registry.Tests.Infrastructure;

/// <summary>Sits in front of the real registry and answers the first matching requests with a fault.</summary>
internal sealed class FaultInjectingHandler(Func<HttpRequestMessage, int, HttpResponseMessage?> fault) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _count;
    public int Requests => _count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        return fault(request, n) ?? await base.SendAsync(request, cancellationToken);
    }
}
