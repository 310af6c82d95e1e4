using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace KopsPlatform.Tests.Testing;

/// <summary>An S3 bucket's settings as the emulator holds them, read back through the S3 API, one line each.</summary>
public static class EmulatorBucket
{
    public static async Task<IReadOnlyList<string>> ReadAsync(IAmazonS3 s3, string bucket)
    {
        var versioning = (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig;
        var encryption = (await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket })).ServerSideEncryptionConfiguration;
        var block = (await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket })).PublicAccessBlockConfiguration;
        var ownership = (await s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket })).OwnershipControls;
        var tags = await Absent(async () => (await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet, "NoSuchTagSet") ?? [];

        return
        [
            $"versioning {versioning.Status}",
            .. encryption.ServerSideEncryptionRules.Select(rule =>
                $"encryption {rule.ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm}{(rule.BucketKeyEnabled == true ? " with a bucket key" : "")}"),
            "public access block:" + Flag(block.BlockPublicAcls, "BlockPublicAcls") + Flag(block.BlockPublicPolicy, "BlockPublicPolicy")
                + Flag(block.IgnorePublicAcls, "IgnorePublicAcls") + Flag(block.RestrictPublicBuckets, "RestrictPublicBuckets"),
            .. ownership.Rules.Select(rule => $"ownership {rule.ObjectOwnership}"),
            .. await LifecycleAsync(s3, bucket),
            "tags " + string.Join(" ", tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal)),
            .. await PolicyAsync(s3, bucket),
        ];
    }

    private static string Flag(bool? on, string name) => on == true ? $" {name}" : "";

    private static async Task<IEnumerable<string>> LifecycleAsync(IAmazonS3 s3, string bucket)
    {
        var rules = await Absent(
            async () => (await s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket })).Configuration?.Rules,
            "NoSuchLifecycleConfiguration") ?? [];
        return rules.Select(rule => $"lifecycle {rule.Id} {rule.Status}:"
            + (rule.NoncurrentVersionExpiration is { } expiration ? $" old versions go after {expiration.NoncurrentDays} days" : "")
            + (rule.AbortIncompleteMultipartUpload is { } abort ? $", unfinished uploads after {abort.DaysAfterInitiation} days" : ""));
    }

    /// <summary>"<c>Sid: Effect Action by Principal on Resource…</c>" per statement, with its condition; "no policy" without one.</summary>
    private static async Task<IEnumerable<string>> PolicyAsync(IAmazonS3 s3, string bucket)
    {
        // The SDK hands S3's 404 for a bucket without a policy back as a response, the error document as its policy.
        var read = await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket });
        var policy = read.HttpStatusCode == System.Net.HttpStatusCode.NotFound && read.Policy.Contains("<Code>NoSuchBucketPolicy</Code>", StringComparison.Ordinal)
            ? null
            : read.Policy;
        if (string.IsNullOrEmpty(policy))
        {
            return ["no policy"];
        }

        using var document = JsonDocument.Parse(policy);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(statement =>
            $"policy {statement.GetProperty("Sid").GetString()}: {statement.GetProperty("Effect").GetString()} {Text(statement.GetProperty("Action"))}"
            + $" by {Text(statement.GetProperty("Principal"))} on {Text(statement.GetProperty("Resource"))}"
            + (statement.TryGetProperty("Condition", out var condition) ? $" when {Text(condition)}" : ""))];
    }

    /// <summary>A setting the bucket may not have: null when S3 answers with the error that says so.</summary>
    private static async Task<T?> Absent<T>(Func<Task<T?>> read, string notFound)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == notFound)
        {
            return null;
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name} {Text(p.Value)}")),
        _ => value.GetRawText(),
    };
}
