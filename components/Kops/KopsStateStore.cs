using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Kops;

public sealed class KopsStateStoreArgs : ResourceArgs
{
    /// <summary>Use this bucket as it is instead of creating one (it is then the owner's to secure).</summary>
    public string? ExistingBucket { get; set; }

    /// <summary>
    /// The name of the bucket to create (see <see cref="StateStoreName"/>). Left unset, Pulumi makes one up from the
    /// resource name, which a new stack would not find again: give one for any store that clusters use.
    /// </summary>
    public Input<string>? BucketName { get; set; }

    /// <summary>
    /// Protect the bucket and every setting on it, and keep the bucket on delete: it holds every cluster's spec, PKI and
    /// secrets, and a setting deleted by mistake (the TLS-only policy, versioning) leaves it exposed.
    /// </summary>
    public bool Protect { get; set; }

    /// <summary>
    /// Deny every request that doesn't use TLS (the bucket policy's one statement; off, the bucket gets no policy).
    /// Turn it off only where the S3 API itself is plain HTTP, as an emulator on this machine is.
    /// </summary>
    public bool RequireTls { get; set; } = true;

    /// <summary>Days an overwritten or deleted version of a state file is kept.</summary>
    public int NoncurrentVersionDays { get; set; } = 90;

    public InputMap<string> Tags { get => _tags ??= []; set => _tags = value; }

    private InputMap<string>? _tags;
}

/// <summary>
/// The kops state store: a versioned, encrypted, private S3 bucket that only accepts TLS (unless
/// <see cref="KopsStateStoreArgs.RequireTls"/> is off), or a bucket that already exists. <see cref="StateStore"/>
/// is what kops calls <c>KOPS_STATE_STORE</c>. Whatever runs kops should depend on this component, so it waits for
/// (and on destroy, goes before) the bucket's settings too.
/// </summary>
public sealed class KopsStateStore : ComponentResource
{
    public const string TypeToken = "kops-platform:kops:StateStore";

    [Output("bucketName")] public Output<string> BucketName { get; private set; } = null!;

    /// <summary><c>s3://bucket</c>.</summary>
    [Output("stateStore")] public Output<string> StateStore { get; private set; } = null!;

    public KopsStateStore(string name, KopsStateStoreArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        BucketName = args.ExistingBucket is { } existing ? Output.Create(existing) : CreateBucket(name, args);
        StateStore = BucketName.Apply(bucket => $"s3://{bucket}");

        RegisterOutputs();
    }

    private Output<string> CreateBucket(string name, KopsStateStoreArgs args)
    {
        // A versioned bucket keeps old versions after kops deletes its files: unless it is kept, let destroy empty it.
        var bucket = new Aws.S3.Bucket(name, new Aws.S3.BucketArgs
        {
            BucketName = args.BucketName,
            Tags = args.Tags,
            ForceDestroy = !args.Protect,
        }, new CustomResourceOptions
        {
            Parent = this,
            Protect = args.Protect,
            RetainOnDelete = args.Protect,
        });
        var child = new CustomResourceOptions { Parent = this, Protect = args.Protect };

        _ = BucketSettings.OwnerEnforced(name, bucket.Id, child);
        var publicAccessBlock = new Aws.S3.BucketPublicAccessBlock($"{name}-public-access", new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);
        var versioning = new Aws.S3.BucketVersioning($"{name}-versioning", new Aws.S3.BucketVersioningArgs
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new Aws.S3.Inputs.BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, child);
        _ = BucketSettings.EncryptedAtRest(name, bucket.Id, child);
        if (args.RequireTls)
        {
            _ = new Aws.S3.BucketPolicy($"{name}-tls-only", new Aws.S3.BucketPolicyArgs
            {
                Bucket = bucket.Id,
                Policy = bucket.Arn.Apply(StateStorePolicy.TlsOnly),
            }, new CustomResourceOptions { Parent = this, Protect = args.Protect, DependsOn = { publicAccessBlock } });
        }

        _ = new Aws.S3.BucketLifecycleConfiguration($"{name}-lifecycle", new Aws.S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketLifecycleConfigurationRuleArgs
                {
                    Id = "expire-old-versions",
                    Status = "Enabled",
                    Filter = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs(),
                    NoncurrentVersionExpiration = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs
                    {
                        NoncurrentDays = args.NoncurrentVersionDays,
                    },
                    AbortIncompleteMultipartUpload = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs
                    {
                        DaysAfterInitiation = 7,
                    },
                },
            },
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect, DependsOn = { versioning } });

        return bucket.BucketName;
    }
}
