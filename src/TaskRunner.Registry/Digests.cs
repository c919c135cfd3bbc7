using System.Security.Cryptography;

namespace TaskRunner.Registry;

public static class Digests
{
    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
