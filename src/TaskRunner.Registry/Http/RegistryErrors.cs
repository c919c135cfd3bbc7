using System.Text.Json;

namespace TaskRunner.Registry;

/// <summary>What a failed answer means, in the words of the operation that got it, with the registry's own error text.</summary>
internal static class RegistryErrors
{
    /// <summary>Throws a <see cref="RegistryException"/> with the registry's own error text for a failed response.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string body;
        // The status says what failed; a body cut short (the registry went away) only loses the registry's own words.
        try { body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or HttpRequestException) { body = ""; }
        string? code = null, message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                message = string.Join("; ", errors.EnumerateArray().Select(x => x.TryGetProperty("message", out var m) ? m.GetString() : null).OfType<string>());
            }
        }
        catch (JsonException) { }
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        throw new RegistryException($"{what}: {status}" + (message is { Length: > 0 } ? $": {message}" + (code is null ? "" : $" ({code})") : ""), response.StatusCode, code);
    }
}
