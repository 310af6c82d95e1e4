using System.Text.Json;
using KopsPlatform.Kops;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

[Collection(PulumiEngine.Name)]
public class DiscoveryStoreTests
{
    [Fact]
    public async Task The_discovery_store_is_readable_by_anyone_over_TLS_through_its_policy_alone()
    {
        var mocks = new AwsMocks();
        DiscoveryStore? store = null;
        await PulumiRun.Components(mocks, () => store = new DiscoveryStore("oidc-discovery", new DiscoveryStoreArgs { BucketName = "kops-oidc-dev" }));

        Assert.Equal("s3://kops-oidc-dev", await store!.Store.Value());
        Assert.Equal(
            [
                "aws:s3/bucket:Bucket oidc-discovery",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls oidc-discovery-ownership",
                "aws:s3/bucketPolicy:BucketPolicy oidc-discovery-public-read",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock oidc-discovery-public-access",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration oidc-discovery-encryption",
                "kops-platform:kops:DiscoveryStore oidc-discovery",
            ],
            mocks.Registrations.Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal));

        string Inputs(string type) => InputsJson.Of(mocks.OfType($"aws:s3/{type}").Single().Inputs);
        Assert.Equal(
            """{"blockPublicAcls":true,"blockPublicPolicy":false,"bucket":"bucket-oidc-discovery","ignorePublicAcls":true,"restrictPublicBuckets":false}""",
            Inputs("bucketPublicAccessBlock:BucketPublicAccessBlock"));
        Assert.Equal(
            """{"bucket":"bucket-oidc-discovery","rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256"},"bucketKeyEnabled":true}]}""",
            Inputs("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"));
        Assert.Equal(
            """{"bucket":"bucket-oidc-discovery","rule":{"objectOwnership":"BucketOwnerEnforced"}}""",
            Inputs("bucketOwnershipControls:BucketOwnershipControls"));
        Assert.Equal(true, mocks.OfType("aws:s3/bucket:Bucket").Single().Inputs["forceDestroy"]);

        var policy = (string)mocks.OfType("aws:s3/bucketPolicy:BucketPolicy").Single().Inputs["policy"];
        Assert.Equal(
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"PublicReadOfDiscoveryDocuments","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::kops-oidc-dev/*"},{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::kops-oidc-dev","arn:aws:s3:::kops-oidc-dev/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """,
            JsonSerializer.Serialize(JsonDocument.Parse(policy).RootElement));
    }

    [Fact]
    public async Task A_protected_discovery_store_is_kept_on_delete()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () => _ = new DiscoveryStore("oidc-discovery", new DiscoveryStoreArgs { BucketName = "kops-oidc-prod", Protect = true }));

        Assert.Equal(false, mocks.OfType("aws:s3/bucket:Bucket").Single().Inputs["forceDestroy"]);
    }
}
