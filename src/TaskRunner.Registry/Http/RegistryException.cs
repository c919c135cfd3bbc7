using System.Net;

namespace TaskRunner.Registry;

/// <summary>A registry operation failed; the message says what, where, and the registry's own error text.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string message, HttpStatusCode? status = null, string? errorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public HttpStatusCode? Status { get; }
    /// <summary>The first code of the registry's <c>{"errors":[{"code":...}]}</c> body, e.g. MANIFEST_UNKNOWN.</summary>
    public string? ErrorCode { get; }
}
