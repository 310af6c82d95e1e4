namespace KopsPlatform.Infra.Configuration;

/// <summary><c>kops-platform:stateStore</c>: where kops keeps the clusters' specs, PKI and secrets.</summary>
public sealed record StateStoreConfig
{
    public const string Key = "stateStore";

    /// <summary>An existing bucket to use as it is; without it the stack creates and secures one.</summary>
    public string? Bucket { get; init; }

    /// <summary>Protect the created bucket and keep it when the stack is destroyed (set it in prod).</summary>
    public bool Protect { get; init; }
}
