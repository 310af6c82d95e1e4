using System.Text.Json;
using KopsPlatform.Kops;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

[Collection(PulumiEngine.Name)]
public class KopsStateStoreTests
{
    [Fact]
    public async Task A_new_store_is_a_private_versioned_encrypted_TLS_only_bucket_that_forgets_old_versions()
    {
        var mocks = new AwsMocks();
        KopsStateStore? store = null;
        await PulumiRun.Components(mocks, () => store = new KopsStateStore("kops-state", new KopsStateStoreArgs { Tags = new Dictionary<string, string> { ["team"] = "platform" } }));

        Assert.Equal("s3://bucket-kops-state", await store!.StateStore.Value());
        Assert.Equal(
            [
                "aws:s3/bucket:Bucket",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                "aws:s3/bucketPolicy:BucketPolicy",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "aws:s3/bucketVersioning:BucketVersioning",
                KopsStateStore.TypeToken,
            ],
            mocks.Registrations.Select(r => r.Type!).Order());

        // Each security setting whole, so that no field of it can go missing unnoticed.
        string Inputs(string type) => InputsJson.Of(mocks.OfType($"aws:s3/{type}").Single().Inputs);
        Assert.Equal(
            """{"forceDestroy":true,"tags":{"team":"platform"}}""",
            Inputs("bucket:Bucket"));
        Assert.Equal(
            """{"blockPublicAcls":true,"blockPublicPolicy":true,"bucket":"bucket-kops-state","ignorePublicAcls":true,"restrictPublicBuckets":true}""",
            Inputs("bucketPublicAccessBlock:BucketPublicAccessBlock"));
        Assert.Equal(
            """{"bucket":"bucket-kops-state","rule":{"objectOwnership":"BucketOwnerEnforced"}}""",
            Inputs("bucketOwnershipControls:BucketOwnershipControls"));
        Assert.Equal(
            """{"bucket":"bucket-kops-state","versioningConfiguration":{"status":"Enabled"}}""",
            Inputs("bucketVersioning:BucketVersioning"));
        Assert.Equal(
            """{"bucket":"bucket-kops-state","rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256"},"bucketKeyEnabled":true}]}""",
            Inputs("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"));
        Assert.Equal(
            """{"bucket":"bucket-kops-state","rules":[{"abortIncompleteMultipartUpload":{"daysAfterInitiation":7},"filter":{},"id":"expire-old-versions","noncurrentVersionExpiration":{"noncurrentDays":90},"status":"Enabled"}]}""",
            Inputs("bucketLifecycleConfiguration:BucketLifecycleConfiguration"));
        var policy = mocks.OfType("aws:s3/bucketPolicy:BucketPolicy").Single().Inputs;
        Assert.Equal("bucket-kops-state", policy["bucket"]);
        Assert.Equal(
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::bucket-kops-state","arn:aws:s3:::bucket-kops-state/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """,
            JsonSerializer.Serialize(JsonDocument.Parse((string)policy["policy"]).RootElement));
    }

    [Fact]
    public async Task Every_bucket_resource_is_a_child_of_the_store_and_inherits_its_provider()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () =>
        {
            var provider = new Pulumi.Aws.Provider("state-account", new Pulumi.Aws.ProviderArgs { Region = "us-east-1" });
            _ = new KopsStateStore("kops-state", new KopsStateStoreArgs { Protect = true }, new Pulumi.ComponentResourceOptions { Providers = { provider } });
        });

        var children = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:s3/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, children.Count);
        Assert.All(children, r => Assert.Contains("pulumi:providers:aws::state-account", r.Provider, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_protected_store_is_protected_and_kept_and_only_an_unprotected_one_is_emptied_on_destroy(bool protect)
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(mocks, () => _ = new KopsStateStore("kops-state", new KopsStateStoreArgs { Protect = protect },
            new Pulumi.ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        var bucket = recorder.Custom("aws:s3/bucket:Bucket", "kops-state");
        Assert.Equal(protect, bucket.Protect);
        Assert.Equal(protect, bucket.RetainOnDelete);
        Assert.Equal(!protect, mocks.OfType("aws:s3/bucket:Bucket").Single().Inputs["forceDestroy"]);
        var settings = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:s3/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, settings.Count);
        Assert.All(settings, r => Assert.Equal(protect, recorder[r.Type!, r.Name!].Protect ?? false));
    }

    [Fact]
    public async Task Without_RequireTls_the_store_has_no_policy_and_every_other_setting()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () => _ = new KopsStateStore("kops-state", new KopsStateStoreArgs { RequireTls = false }));

        Assert.Empty(mocks.OfType("aws:s3/bucketPolicy:BucketPolicy"));
        Assert.Equal(
            [
                "aws:s3/bucket:Bucket",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "aws:s3/bucketVersioning:BucketVersioning",
            ],
            mocks.Registrations.Select(r => r.Type!).Where(type => type.StartsWith("aws:", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task The_bucket_gets_the_name_it_is_given()
    {
        var mocks = new AwsMocks();
        KopsStateStore? store = null;
        await PulumiRun.Components(mocks, () => store = new KopsStateStore("kops-state", new KopsStateStoreArgs { BucketName = "kops-dev-123456789012-us-east-1" }));

        Assert.Equal("kops-dev-123456789012-us-east-1", mocks.OfType("aws:s3/bucket:Bucket").Single().Inputs["bucket"]);
        Assert.Equal("s3://kops-dev-123456789012-us-east-1", await store!.StateStore.Value());
    }

    [Fact]
    public async Task An_existing_bucket_is_used_as_it_is()
    {
        var mocks = new AwsMocks();
        KopsStateStore? store = null;
        await PulumiRun.Components(mocks, () => store = new KopsStateStore("kops-state", new KopsStateStoreArgs { ExistingBucket = "acme-kops" }));

        Assert.Equal("s3://acme-kops", await store!.StateStore.Value());
        Assert.Equal([KopsStateStore.TypeToken], mocks.Registrations.Select(r => r.Type));
    }
}
