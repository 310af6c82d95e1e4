using KopsPlatform.Infra.Configuration;
using KopsPlatform.Kops;
using KopsPlatform.Network;
using KopsPlatform.Platform;

namespace KopsPlatform.Infra;

/// <summary>
/// The S3 gateway endpoint the stack's clusters associate their route tables with, decided before they are declared
/// (the associations are resources, so their count can't wait for an output).
/// </summary>
internal static class ClustersS3Endpoint
{
    /// <summary>
    /// For a VPC of the stack's own, its endpoint when <c>network.s3Endpoint</c> is on, in the configured zones. For a
    /// network read from another stack, the <c>s3EndpointId</c> that stack exports, with its zones, read at once as
    /// <see cref="PreviousDeployment"/> reads the stack's own outputs (a stack reference's outputs are known in previews
    /// too); none when it exports none (no endpoint, or its last up predates the output: an up of it adds it).
    /// </summary>
    public static ClusterS3Endpoint? Of(PlatformConfig config, IPlatformNetwork network) => network switch
    {
        Vpc vpc when config.Vpc is { S3Endpoint: true } args => new ClusterS3Endpoint
        {
            Id = vpc.S3EndpointId.Apply(id => id!),
            Zones = args.AvailabilityZones,
        },
        PlatformStackReference reference => Read(reference),
        _ => null,
    };

    private static ClusterS3Endpoint? Read(PlatformStackReference reference)
    {
        var values = Task.WhenAll(
                reference.GetValueAsync(PlatformOutputs.S3EndpointId),
                reference.GetValueAsync(PlatformOutputs.AvailabilityZones))
            .GetAwaiter().GetResult();
        return values is [string id, IEnumerable<object> zones]
            ? new ClusterS3Endpoint { Id = id, Zones = [.. zones.OfType<string>()] }
            : null;
    }
}
