using System.Collections.Immutable;
using Pulumi;

namespace KopsPlatform.Platform;

/// <summary>
/// Typed access to a kops-platform stack's outputs from another stack:
/// <code>
/// var platform = new PlatformStackReference("acme/kops-platform/prod");
/// platform.VpcId; platform.PrivateProdSubnetIds; platform.Kubeconfig("prod.k8s.example.com");
/// </code>
/// Secrets stay secret, and an output the stack doesn't have fails the run with the stack's and the output's name.
/// </summary>
public sealed class PlatformStackReference : StackReference, IPlatformNetwork
{
    private readonly string _stack;

    /// <param name="stack">The fully qualified stack name, <c>organization/project/stack</c>.</param>
    public PlatformStackReference(string stack, CustomResourceOptions? options = null)
        : base(stack, new StackReferenceArgs { Name = stack }, options)
    {
        _stack = stack;
    }

    public Output<string> VpcId => Text(PlatformOutputs.VpcId);
    public Output<string> VpcCidr => Text(PlatformOutputs.VpcCidr);
    public Output<ImmutableArray<string>> AvailabilityZones => Texts(PlatformOutputs.AvailabilityZones);
    public Output<ImmutableArray<string>> AdminSubnetIds => Texts(PlatformOutputs.AdminSubnetIds);
    public Output<ImmutableArray<string>> PublicSubnetIds => Texts(PlatformOutputs.PublicSubnetIds);
    public Output<ImmutableArray<string>> PrivateProdSubnetIds => Texts(PlatformOutputs.PrivateProdSubnetIds);
    public Output<ImmutableArray<string>> PrivateWorkingSubnetIds => Texts(PlatformOutputs.PrivateWorkingSubnetIds);
    public Output<ImmutableArray<string>> NatGatewayIds => Texts(PlatformOutputs.NatGatewayIds);
    public Output<string> PublicRouteTableId => Text(PlatformOutputs.PublicRouteTableId);
    public Output<ImmutableArray<string>> PrivateRouteTableIds => Texts(PlatformOutputs.PrivateRouteTableIds);
    public Output<string> InternetGatewayId => Text(PlatformOutputs.InternetGatewayId);
    public Output<string> ClusterCidr => Text(PlatformOutputs.ClusterCidr);

    /// <summary>The network's name; null for a stack from before this output.</summary>
    public Output<string?> NetworkName => GetOutput(PlatformOutputs.NetworkName).Apply(value => value as string);

    /// <summary>The network's tags, which its clusters' resources carry too; empty for a stack from before this output.</summary>
    public Output<ImmutableDictionary<string, string>> NetworkTags => GetOutput(PlatformOutputs.NetworkTags).Apply(value =>
        value is null ? ImmutableDictionary<string, string>.Empty : TextMapOf(PlatformOutputs.NetworkTags, value));

    /// <summary>The VPC's S3 gateway endpoint; null without one, or for a stack from before this output.</summary>
    public Output<string?> S3EndpointId => GetOutput(PlatformOutputs.S3EndpointId).Apply(value => value as string);

    /// <summary>Each cluster's kops spec, by cluster name.</summary>
    public Output<ImmutableDictionary<string, string>> KopsSpecs => TextMap(PlatformOutputs.KopsSpecs);

    /// <summary>The kops state store, <c>s3://bucket</c>; null when the stack has no clusters.</summary>
    public Output<string?> StateStore => GetOutput(PlatformOutputs.StateStore).Apply(value => value as string);

    /// <summary>
    /// A kubeconfig for one of the stack's clusters with its API server and CA and no credential: add a user of your
    /// own (or mint an admin one with <see cref="KubeconfigCommand"/>).
    /// </summary>
    public Output<string> ClusterKubeconfig(string clusterName) => ClusterEntry(PlatformOutputs.ClusterKubeconfigs, clusterName);

    /// <summary>The command that writes a 1-hour admin kubeconfig for one of the stack's clusters, for whoever can read its state store.</summary>
    public Output<string> KubeconfigCommand(string clusterName) => ClusterEntry(PlatformOutputs.KubeconfigCommands, clusterName);

    /// <summary>
    /// The admin kubeconfig of one of the stack's clusters. Secret. Only stacks that set
    /// <c>kops-platform:exportAdminKubeconfig: true</c> export it.
    /// </summary>
    public Output<string> Kubeconfig(string clusterName) => Output.CreateSecret(
        GetOutput(PlatformOutputs.Kubeconfigs).Apply(value => value is null
            ? throw new RunException(
                $"Stack {_stack} exports no admin kubeconfigs (kops-platform:exportAdminKubeconfig is off there). "
                + "Read ClusterKubeconfig and mint a credential with KubeconfigCommand, or turn the export on in that stack.")
            : ClusterEntry(PlatformOutputs.Kubeconfigs, clusterName)));

    private Output<string> ClusterEntry(string output, string clusterName) =>
        TextMap(output).Apply(entries => entries.TryGetValue(clusterName, out var entry)
            ? entry
            : throw new RunException($"Stack {_stack} has no cluster '{clusterName}'; its clusters are: {string.Join(", ", entries.Keys.Order())}."));

    private Output<object> Value(string name) => GetOutput(name).Apply(value => value ?? throw new RunException(
        $"Stack {_stack} has no output '{name}'. Run `pulumi up` on {_stack} with this kops-platform version, or check the stack name."));

    private Output<string> Text(string name) => Value(name).Apply(value => value as string ?? throw WrongKind(name, "a string", value));

    private Output<ImmutableArray<string>> Texts(string name) => Value(name).Apply(value => value is IEnumerable<object> items
        ? items.Select(item => item as string ?? throw WrongKind(name, "a list of strings", value)).ToImmutableArray()
        : throw WrongKind(name, "a list of strings", value));

    private Output<ImmutableDictionary<string, string>> TextMap(string name) => Value(name).Apply(value => TextMapOf(name, value));

    private ImmutableDictionary<string, string> TextMapOf(string name, object value) =>
        value is IReadOnlyDictionary<string, object> map
            ? map.ToImmutableDictionary(entry => entry.Key, entry => entry.Value as string ?? throw WrongKind(name, "a map of strings", value))
            : throw WrongKind(name, "a map of strings", value);

    private RunException WrongKind(string name, string expected, object value) =>
        new($"Stack {_stack} has output '{name}' as {value.GetType().Name}, not {expected}: it is no kops-platform stack, or a newer one.");
}
