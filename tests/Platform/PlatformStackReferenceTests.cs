using System.Collections.Immutable;
using KopsPlatform.Platform;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Platform;

public class PlatformStackReferenceTests
{
    private const string Dev = "acme/kops-platform/dev";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task The_stack_exports_exactly_the_outputs_of_the_contract(string stack)
    {
        var (outputs, secretNames) = await StackOutputs.Export(StackConfig.Load(stack), stack);

        Assert.Equal(PlatformOutputs.All.Order(), outputs.Keys.Order());
        Assert.Equal(PlatformOutputs.Secret, secretNames);
    }

    [Fact]
    public async Task A_network_only_stack_exports_the_same_names_but_the_absent_state_store()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = "[]";

        var (outputs, _) = await StackOutputs.Export(config);

        Assert.Equal(PlatformOutputs.All.Where(name => name != PlatformOutputs.StateStore).Order(), outputs.Keys.Order());
    }

    [Fact]
    public async Task A_reference_reads_back_every_output_typed_and_keeps_the_kubeconfigs_secret()
    {
        var exported = await StackOutputs.Export(StackConfig.Load("dev"));
        var mocks = new AwsMocks();
        mocks.OtherStacks[Dev] = exported;
        PlatformStackReference? platform = null;

        await PulumiRun.Components(mocks, () => platform = new PlatformStackReference(Dev));

        var p = platform!;
        var o = exported.Outputs;
        Assert.Equal(o[PlatformOutputs.VpcId], await p.VpcId.Value());
        Assert.Equal(o[PlatformOutputs.VpcCidr], await p.VpcCidr.Value());
        Assert.Equal(o[PlatformOutputs.PublicRouteTableId], await p.PublicRouteTableId.Value());
        Assert.Equal(o[PlatformOutputs.InternetGatewayId], await p.InternetGatewayId.Value());
        Assert.Equal(o[PlatformOutputs.ClusterCidr], await p.ClusterCidr.Value());
        Assert.Equal(Strings(o[PlatformOutputs.AvailabilityZones]), await p.AvailabilityZones.Items());
        Assert.Equal(Strings(o[PlatformOutputs.AdminSubnetIds]), await p.AdminSubnetIds.Items());
        Assert.Equal(Strings(o[PlatformOutputs.PublicSubnetIds]), await p.PublicSubnetIds.Items());
        Assert.Equal(Strings(o[PlatformOutputs.PrivateProdSubnetIds]), await p.PrivateProdSubnetIds.Items());
        Assert.Equal(Strings(o[PlatformOutputs.PrivateWorkingSubnetIds]), await p.PrivateWorkingSubnetIds.Items());
        Assert.Equal(Strings(o[PlatformOutputs.NatGatewayIds]), await p.NatGatewayIds.Items());
        Assert.Equal(Strings(o[PlatformOutputs.PrivateRouteTableIds]), await p.PrivateRouteTableIds.Items());
        Assert.Equal(o[PlatformOutputs.StateStore], await p.StateStore.Value());
        Assert.StartsWith("apiVersion: kops.k8s.io/v1alpha2", (await p.KopsSpecs.Value())["dev.k8s.example.com"], StringComparison.Ordinal);

        var kubeconfig = p.Kubeconfig("dev.k8s.example.com");
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-apply", await kubeconfig.Value());
        Assert.True(await Output.IsSecretAsync(kubeconfig));
        Assert.False(await Output.IsSecretAsync(p.VpcId));
        Assert.Equal(Dev, mocks.OfType("pulumi:pulumi:StackReference").Single().Id);
    }

    [Fact]
    public async Task A_missing_output_names_the_stack_and_the_output()
    {
        var (outputs, secretNames) = await StackOutputs.Export(StackConfig.Load("dev"));
        var platform = await Reference(outputs.Remove(PlatformOutputs.PrivateProdSubnetIds), secretNames);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => platform.PrivateProdSubnetIds.Value());

        Assert.Contains("Stack acme/kops-platform/dev has no output 'privateProdSubnetIds'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_cluster_lists_the_ones_there_are()
    {
        var (outputs, secretNames) = await StackOutputs.Export(StackConfig.Load("dev"));
        var platform = await Reference(outputs, secretNames);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => platform.Kubeconfig("prod.k8s.example.com").Value());

        Assert.Contains("Stack acme/kops-platform/dev has no cluster 'prod.k8s.example.com'; its clusters are: dev.k8s.example.com.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_of_another_kind_is_reported_as_such()
    {
        var platform = await Reference(ImmutableDictionary<string, object>.Empty.Add(PlatformOutputs.AvailabilityZones, "us-east-1a"), []);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => platform.AvailabilityZones.Value());

        Assert.Contains("has output 'availabilityZones' as String, not a list of strings", error.Message, StringComparison.Ordinal);
    }

    private static async Task<PlatformStackReference> Reference(ImmutableDictionary<string, object> outputs, string[] secretNames)
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks[Dev] = (outputs, secretNames);
        PlatformStackReference? platform = null;
        await PulumiRun.Components(mocks, () => platform = new PlatformStackReference(Dev));
        return platform!;
    }

    private static string[] Strings(object value) => [.. ((IEnumerable<object>)value).Cast<string>()];
}
