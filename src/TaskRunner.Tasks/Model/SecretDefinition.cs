using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A task-level <c>secrets</c> entry (Key Vault reference in ACR; locally given with --secret).</summary>
public sealed record SecretDefinition(string Id, string? KeyVault, string? ClientId, SourceSpan Span);
