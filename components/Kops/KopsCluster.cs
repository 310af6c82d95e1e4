using KopsPlatform.Kops.Spec;
using Pulumi;
using Pulumi.Command.Local;

namespace KopsPlatform.Kops;

/// <summary>
/// A kops cluster inside a four-tier VPC. Renders its kops spec (private topology, kops-owned subnets in the
/// cluster's slot of the free range, egress through the VPC's NAT gateways) from the VPC's outputs, and drives the
/// kops CLI with two Commands:
/// <list type="bullet">
/// <item><c>{name}-apply</c> creates or updates the cluster and exports an admin kubeconfig. Its trigger is the
/// spec hash, so every spec change replaces it and runs it afresh; it has no delete step, so a replacement never
/// touches the cluster.</item>
/// <item><c>{name}-cluster</c> owns the cluster's existence: it only checks the kops version, and on destroy (never
/// on a spec change, as it has no trigger) deletes the cluster. Through the spec on its stdin it depends on the
/// VPC, its NAT gateways and the state store, so destroy deletes the cluster before any of them.</item>
/// </list>
/// Give the component <c>DependsOn</c> the network and the state store: its children register only after it, so
/// kops never runs before they are complete, and destroy removes the children (deleting the cluster) first.
/// </summary>
public sealed class KopsCluster : ComponentResource
{
    public const string TypeToken = "kops-platform:kops:KopsCluster";

    private static readonly string[] Bash = ["/bin/bash", "-c"];

    /// <summary>The kops spec: a Cluster document, then the InstanceGroups. Holds no secrets.</summary>
    [Output("spec")] public Output<string> Spec { get; private set; } = null!;

    /// <summary>The spec's sha256, in hex: it changes exactly when kops has something to do.</summary>
    [Output("specHash")] public Output<string> SpecHash { get; private set; } = null!;

    /// <summary>
    /// The cluster-admin kubeconfig the last apply exported. Secret. It expires the cluster's kubeconfig TTL after
    /// that apply and is not renewed until the next one: a break-glass credential, not a standing one.
    /// </summary>
    [Output("kubeconfig")] public Output<string> Kubeconfig { get; private set; } = null!;

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

        var kopsEnvironment = new InputMap<string>
        {
            { "KOPS_STATE_STORE", args.StateStore },
            { "AWS_REGION", args.Region },
        };

        var check = KopsScripts.Check(settings, args.KopsVersion);
        var owner = new Command($"{name}-cluster", new CommandArgs
        {
            Create = check,
            Update = check,
            Delete = KopsScripts.Delete(settings, args.KopsVersion),
            Stdin = Spec,
            Environment = kopsEnvironment,
            Interpreter = Bash,
            AddPreviousOutputInEnv = false,
            Logging = Logging.Stderr,
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect });

        var apply = KopsScripts.Apply(settings, args.KopsVersion);
        var applied = new Command($"{name}-apply", new CommandArgs
        {
            Create = apply,
            Update = apply,
            Stdin = Spec,
            Triggers = new object[] { SpecHash },
            Environment = new InputMap<string> { kopsEnvironment, { KopsScripts.SshPublicKeyVariable, settings.SshPublicKey! } },
            Interpreter = Bash,
            AddPreviousOutputInEnv = false,
            Logging = Logging.Stderr,
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = { owner },
            AdditionalSecretOutputs = { "stdout", "stderr" },
        });

        Kubeconfig = Output.CreateSecret(applied.Stdout);

        RegisterOutputs();
    }
}
