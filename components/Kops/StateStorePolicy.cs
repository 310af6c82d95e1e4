using System.Text.Json;

namespace KopsPlatform.Kops;

/// <summary>The kops buckets' policies.</summary>
public static class StateStorePolicy
{
    /// <summary>The state store's: kops's secrets and keys never travel over plain HTTP.</summary>
    public static string TlsOnly(string bucketArn) => Document(DenyInsecureTransport(bucketArn));

    /// <summary>
    /// The IRSA discovery store's: anyone may read the OIDC discovery document and keys (AWS STS fetches them
    /// anonymously), over TLS only; nobody but the account writes.
    /// </summary>
    public static string PublicRead(string bucketArn) => Document(
        new Dictionary<string, object>
        {
            ["Sid"] = "PublicReadOfDiscoveryDocuments",
            ["Effect"] = "Allow",
            ["Principal"] = "*",
            ["Action"] = "s3:GetObject",
            ["Resource"] = $"{bucketArn}/*",
        },
        DenyInsecureTransport(bucketArn));

    private static string Document(params Dictionary<string, object>[] statements) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = statements,
    });

    private static Dictionary<string, object> DenyInsecureTransport(string bucketArn) => new()
    {
        ["Sid"] = "DenyInsecureTransport",
        ["Effect"] = "Deny",
        ["Principal"] = "*",
        ["Action"] = "s3:*",
        ["Resource"] = new[] { bucketArn, $"{bucketArn}/*" },
        ["Condition"] = new Dictionary<string, object>
        {
            ["Bool"] = new Dictionary<string, string> { ["aws:SecureTransport"] = "false" },
        },
    };
}
