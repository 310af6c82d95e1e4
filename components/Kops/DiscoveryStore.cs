using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Kops;

public sealed class DiscoveryStoreArgs : ResourceArgs
{
    /// <summary>The bucket's name (see <see cref="StateStoreName.Derive"/>): the clusters' token issuer URL contains it.</summary>
    public required Input<string> BucketName { get; set; }

    /// <summary>Protect the bucket and its settings, and keep it on delete: every IRSA trust policy names its URL.</summary>
    public bool Protect { get; set; }

    public InputMap<string> Tags { get => _tags ??= []; set => _tags = value; }

    private InputMap<string>? _tags;
}

/// <summary>
/// The public bucket where kops publishes each cluster's OIDC discovery document and signing keys for IAM roles for
/// service accounts (IRSA): AWS STS reads them anonymously to trust the cluster's service-account tokens. It holds
/// only public keys; anyone may read, over TLS, and only the account writes.
/// </summary>
public sealed class DiscoveryStore : ComponentResource
{
    public const string TypeToken = "kops-platform:kops:DiscoveryStore";

    [Output("bucketName")] public Output<string> BucketName { get; private set; } = null!;

    /// <summary><c>s3://bucket</c>: what a cluster's <c>serviceAccountIssuerDiscovery.discoveryStore</c> builds on.</summary>
    [Output("discoveryStore")] public Output<string> Store { get; private set; } = null!;

    public DiscoveryStore(string name, DiscoveryStoreArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        var bucket = new Aws.S3.Bucket(name, new Aws.S3.BucketArgs
        {
            BucketName = args.BucketName,
            Tags = args.Tags,
            ForceDestroy = !args.Protect,
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect, RetainOnDelete = args.Protect });
        var child = new CustomResourceOptions { Parent = this, Protect = args.Protect };

        var ownership = BucketSettings.OwnerEnforced(name, bucket.Id, child);
        _ = BucketSettings.EncryptedAtRest(name, bucket.Id, child);

        // Public reads come from the policy alone: ACLs stay blocked and ignored.
        var publicAccessBlock = new Aws.S3.BucketPublicAccessBlock($"{name}-public-access", new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = false,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = false,
        }, child);
        _ = new Aws.S3.BucketPolicy($"{name}-public-read", new Aws.S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(StateStorePolicy.PublicRead),
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect, DependsOn = { publicAccessBlock, ownership } });

        BucketName = bucket.BucketName;
        Store = bucket.BucketName.Apply(bucketName => $"s3://{bucketName}");
        RegisterOutputs();
    }
}
