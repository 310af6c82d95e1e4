using KopsPlatform.Kops;

namespace KopsPlatform.Infra.Configuration;

/// <summary><c>kops-platform:stateStore</c>: where kops keeps the clusters' specs, PKI and secrets.</summary>
public sealed record StateStoreConfig
{
    public const string Key = "stateStore";

    /// <summary>An existing bucket to use as it is; without it the stack creates and secures one.</summary>
    public string? Bucket { get; init; }

    /// <summary>The name of the bucket the stack creates; without it, one derived from the network, account and region.</summary>
    public string? Name { get; init; }

    /// <summary>Protect the created bucket and keep it when the stack is destroyed (set it in prod).</summary>
    public bool Protect { get; init; }

    /// <summary>
    /// The created bucket denies every request without TLS. Off only for an S3 API that is plain HTTP (the local
    /// stack's emulator); off, the bucket has no policy.
    /// </summary>
    public bool RequireTls { get; init; } = true;

    /// <summary>Have the store even though the stack lists no clusters (the local stack); with clusters, it has one anyway.</summary>
    public bool WithoutClusters { get; init; }

    public void Check()
    {
        if (Bucket is not null && Name is not null)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(Key, "name"),
                $"the stack uses the existing bucket {Bucket}, so it creates none to name",
                "Keep one: bucket to use an existing store, name to name the one the stack creates.");
        }

        if (Bucket is not null && !RequireTls)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(Key, "requireTls"),
                $"the stack uses the existing bucket {Bucket} as it is, and sets no policy on it",
                "Remove requireTls: it only applies to the bucket the stack creates.");
        }

        if (Bucket is not null)
        {
            StateStoreName.Check(Bucket, ConfigReader.KeyOf(Key, "bucket"));
        }

        if (Name is not null)
        {
            StateStoreName.Check(Name, ConfigReader.KeyOf(Key, "name"));
        }
    }
}
