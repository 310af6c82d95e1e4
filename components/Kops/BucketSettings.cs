using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Kops;

/// <summary>The settings every kops bucket gets, named after the bucket's logical name.</summary>
internal static class BucketSettings
{
    /// <summary>ACLs off: the bucket's policy alone says who reads what.</summary>
    public static Aws.S3.BucketOwnershipControls OwnerEnforced(string name, Input<string> bucket, CustomResourceOptions options) =>
        new($"{name}-ownership", new Aws.S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket,
            Rule = new Aws.S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, options);

    public static Aws.S3.BucketServerSideEncryptionConfiguration EncryptedAtRest(string name, Input<string> bucket, CustomResourceOptions options) =>
        new($"{name}-encryption", new Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket,
            Rules =
            {
                new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "AES256",
                    },
                    BucketKeyEnabled = true,
                },
            },
        }, options);
}
