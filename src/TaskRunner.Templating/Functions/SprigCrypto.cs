using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig's derivePassword (the Master Password algorithm), genPrivateKey and encryptAES/decryptAES, with Sprig's
/// output formats: PEM blocks as Go's pem package writes them, AES-256-CBC with the password as a zero-padded key and
/// base64(IV + ciphertext).
/// </summary>
internal static class SprigCrypto
{
    private const string MasterPasswordSeed = "com.lyndir.masterpassword";

    private static readonly Dictionary<string, string[]> PasswordTemplates = new(StringComparer.Ordinal)
    {
        ["maximum"] = ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        ["long"] =
        [
            "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
            "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
            "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
        ],
        ["medium"] = ["CvcnoCvc", "CvcCvcno"],
        ["short"] = ["Cvcn"],
        ["basic"] = ["aaanaaan", "aannaaan", "aaannaaa"],
        ["pin"] = ["nnnn"],
    };

    private static readonly Dictionary<char, string> TemplateCharacters = new()
    {
        ['V'] = "AEIOU",
        ['C'] = "BCDFGHJKLMNPQRSTVWXYZ",
        ['v'] = "aeiou",
        ['c'] = "bcdfghjklmnpqrstvwxyz",
        ['A'] = "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        ['a'] = "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        ['n'] = "0123456789",
        ['o'] = "@&%?,=[]_:-+*$#!'^~;()/.",
        ['x'] = "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    };

    /// <summary>The scrypt master keys already derived (each costs 64 MB and a noticeable fraction of a second).</summary>
    private static readonly ConcurrentDictionary<(string Password, string User), byte[]> MasterKeys = new();

    public static void Register(FunctionTable t)
    {
        t.Add("derivePassword", 5, 5, (a, _) => DerivePassword(Counter(a), Args.String(a, 1), Args.String(a, 2), Args.String(a, 3), Args.String(a, 4)));
        t.Add("genPrivateKey", 1, 1, (a, _) => GeneratePrivateKey(Args.String(a, 0)));
        t.Add("encryptAES", 2, 2, (a, _) => EncryptAes(Args.String(a, 0), Args.String(a, 1)));
        t.Add("decryptAES", 2, 2, (a, _) => DecryptAes(Args.String(a, 0), Args.String(a, 1)));
    }

    private static uint Counter(object?[] args)
    {
        var n = Args.Int(args, 0);
        if (n is < 0 or > uint.MaxValue) throw FunctionException.Arguments($"first argument must be a counter from 0 to {uint.MaxValue} (uint32), got {n}");
        return (uint)n;
    }

    private static byte[] Length(int length) => [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];

    /// <summary>
    /// Master Password: key = scrypt(password, seed + len(user) + user, N=32768, r=8, p=2, 64 bytes); seed =
    /// HMAC-SHA256(key, seed + len(site) + site + counter); the template is picked by seed[0] and each of its
    /// characters from its class by seed[i+1] (lengths and the counter big-endian uint32).
    /// </summary>
    private static string DerivePassword(uint counter, string passwordType, string password, string user, string site)
    {
        if (!PasswordTemplates.TryGetValue(passwordType, out var templates)) return $"cannot find password template {passwordType}";
        var seed = Encoding.UTF8.GetBytes(MasterPasswordSeed);
        var userBytes = Encoding.UTF8.GetBytes(user);
        var key = MasterKeys.GetOrAdd((password, user), _ =>
            Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(Encoding.UTF8.GetBytes(password), [.. seed, .. Length(userBytes.Length), .. userBytes], 32768, 8, 2, 64));
        var siteBytes = Encoding.UTF8.GetBytes(site);
        byte[] message = [.. seed, .. Length(siteBytes.Length), .. siteBytes, .. Length((int)counter)];
        var hash = HMACSHA256.HashData(key, message);
        var template = templates[hash[0] % templates.Length];
        var sb = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var characters = TemplateCharacters[template[i]];
            sb.Append(characters[hash[i + 1] % characters.Length]);
        }
        return sb.ToString();
    }

    /// <summary>genPrivateKey: RSA 4096 ("" or "rsa"), DSA L2048N256 or ECDSA P-256, as the PEM blocks Go writes; "Unknown type X" otherwise.</summary>
    private static string GeneratePrivateKey(string type)
    {
        switch (type)
        {
            case "" or "rsa":
                using (var rsa = RSA.Create(4096)) return Pem("RSA PRIVATE KEY", rsa.ExportRSAPrivateKey());
            case "dsa":
                using (var dsa = DSA.Create(2048)) return Pem("DSA PRIVATE KEY", DsaPrivateKey(dsa.ExportParameters(true)));
            case "ecdsa":
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256)) return Pem("EC PRIVATE KEY", ec.ExportECPrivateKey());
            default:
                return "Unknown type " + type;
        }
    }

    /// <summary>Sprig's DSAKeyFormat as Go's asn1 writes it: SEQUENCE { version 0, P, Q, G, Y, X }.</summary>
    private static byte[] DsaPrivateKey(DSAParameters k)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            // .NET pads each value to its field's length; DER integers carry no redundant leading zero bytes.
            foreach (var part in new[] { k.P!, k.Q!, k.G!, k.Y!, k.X! }) writer.WriteIntegerUnsigned(part.AsSpan().TrimStart((byte)0));
        }
        return writer.Encode();
    }

    /// <summary>Go's pem.EncodeToMemory: base64 in lines of 64 characters between BEGIN and END lines, ending with a newline.</summary>
    public static string Pem(string label, byte[] der) => PemEncoding.WriteString(label, der) + "\n";

    /// <summary>The password's bytes as an AES-256 key: cut at 32 bytes, padded with zeros.</summary>
    private static byte[] AesKey(string password)
    {
        var key = new byte[32];
        var bytes = Encoding.UTF8.GetBytes(password);
        Array.Copy(bytes, key, Math.Min(32, bytes.Length));
        return key;
    }

    private static string EncryptAes(string password, string plaintext)
    {
        if (plaintext.Length == 0) return "";
        using var aes = Aes.Create();
        aes.Key = AesKey(password);
        var iv = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String([.. iv, .. aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7)]);
    }

    /// <summary>
    /// Sprig's decryptAES: base64, the first 16 bytes as IV, AES-256-CBC, then as many bytes removed as the last byte
    /// says (unchecked, as Sprig does); malformed input fails as Go's slicing and CryptBlocks panic.
    /// </summary>
    private static string DecryptAes(string password, string crypt64)
    {
        if (crypt64.Length == 0) return "";
        var crypt = SprigEncoding.GoBase64(crypt64) ?? throw FunctionException.Failed(SprigEncoding.Base64Error(crypt64));
        if (crypt.Length < 16) throw FunctionException.Failed($"runtime error: slice bounds out of range [:16] with capacity {crypt.Length}");
        if (crypt.Length % 16 != 0) throw FunctionException.Failed("crypto/cipher: input not full blocks");
        if (crypt.Length == 16) throw FunctionException.Failed("runtime error: index out of range [-1]");
        using var aes = Aes.Create();
        aes.Key = AesKey(password);
        var decrypted = aes.DecryptCbc(crypt.AsSpan(16), crypt.AsSpan(0, 16), PaddingMode.None);
        var end = decrypted.Length - decrypted[^1];
        if (end < 0) throw FunctionException.Failed($"runtime error: slice bounds out of range [:{end}]");
        return Encoding.UTF8.GetString(decrypted, 0, end);
    }
}
