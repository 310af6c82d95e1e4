using System.Text.Json;

namespace KopsPlatform.Kops;

/// <summary>The state store's bucket policy: kops's secrets and keys never travel over plain HTTP.</summary>
public static class StateStorePolicy
{
    public static string TlsOnly(string bucketArn) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new[]
        {
            new Dictionary<string, object>
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
            },
        },
    });
}
