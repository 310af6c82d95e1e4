using KopsPlatform.Kops.Spec;
using Pulumi;

namespace KopsPlatform.Kops;

/// <summary>
/// A kops cluster inside a four-tier VPC: renders its kops spec (private topology, kops-owned subnets in the
/// cluster's slot of the free range, egress through the VPC's NAT gateways) from the VPC's outputs.
/// </summary>
public sealed class KopsCluster : ComponentResource
{
    public const string TypeToken = "kops-platform:kops:KopsCluster";

    /// <summary>The kops spec: a Cluster document, then the InstanceGroups. Holds no secrets.</summary>
    [Output("spec")] public Output<string> Spec { get; private set; } = null!;

    /// <summary>The spec's sha256, in hex: it changes exactly when kops has something to do.</summary>
    [Output("specHash")] public Output<string> SpecHash { get; private set; } = null!;

    public KopsCluster(string name, KopsClusterArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        const string field = nameof(KopsClusterArgs);
        var settings = args.Settings;
        InputErrors.Surface(() => ClusterRules.Check(settings, $"{field}.{nameof(args.Settings)}"));

        // Apply never runs on unknowns: in a preview where the VPC is still to be created, Spec stays unknown.
        Spec = Output.Tuple(args.VpcId, args.VpcCidr, args.ClusterCidr, args.AvailabilityZones, args.NatGatewayIds, args.StateStore)
            .Apply(vpc => InputErrors.Surface(() => KopsSpecRenderer.Render(
                settings,
                new ClusterNetwork(vpc.Item1, vpc.Item2, vpc.Item3, vpc.Item4, vpc.Item5),
                vpc.Item6,
                field)));
        SpecHash = Spec.Apply(KopsSpecRenderer.Sha256);

        RegisterOutputs();
    }
}
