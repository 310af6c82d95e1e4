using System.Collections.Immutable;
using KopsPlatform.Platform;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Platform;

[Collection(PulumiEngine.Name)]
public class PlatformStackReferenceTests
{
    private const string Dev = "acme/kops-platform/dev";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task The_stack_exports_exactly_the_outputs_of_the_contract(string stack)
    {
        var config = StackConfig.Load(stack);
        config["kops-platform:exportAdminKubeconfig"] = "true";

        var (outputs, secretNames) = await StackOutputs.Export(config, stack);

        Assert.Equal(PlatformOutputs.All.Order(), outputs.Keys.Order());
        Assert.Equal(PlatformOutputs.Secret, secretNames);
    }

    [Fact]
    public async Task Without_the_admin_export_no_output_is_secret_and_no_credential_is_exported()
    {
        var (outputs, secretNames) = await StackOutputs.Export(StackConfig.Load("prod"), "prod");

        Assert.Equal(PlatformOutputs.All.Where(name => name != PlatformOutputs.Kubeconfigs).Order(), outputs.Keys.Order());
        Assert.Empty(secretNames);
    }

    [Fact]
    public async Task A_network_only_stack_exports_the_same_names_but_the_absent_state_store()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = "[]";

        var (outputs, _) = await StackOutputs.Export(config);

        Assert.Equal(
            PlatformOutputs.All.Except([PlatformOutputs.StateStore, PlatformOutputs.StateStoreCreated, PlatformOutputs.Kubeconfigs, PlatformOutputs.DiscoveryStore]).Order(),
            outputs.Keys.Order());
    }

    [Fact]
    public async Task A_reference_reads_back_every_output_typed_and_keeps_the_kubeconfigs_secret()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:exportAdminKubeconfig"] = "true";
        var exported = await StackOutputs.Export(config);
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
        Assert.Equal("vpce-dev-s3", await p.S3EndpointId.Value());
        Assert.StartsWith("apiVersion: kops.k8s.io/v1alpha2", (await p.KopsSpecs.Value())["dev.k8s.example.com"], StringComparison.Ordinal);

        Assert.Equal("dev", await p.NetworkName.Value());
        var kubeconfig = p.Kubeconfig("dev.k8s.example.com");
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-admin-kubeconfig", await kubeconfig.Value());
        Assert.True(await Output.IsSecretAsync(kubeconfig));
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-apply", await p.ClusterKubeconfig("dev.k8s.example.com").Value());
        Assert.False(await Output.IsSecretAsync(p.ClusterKubeconfig("dev.k8s.example.com")));
        Assert.Equal(
            "kops export kubeconfig --name dev.k8s.example.com --state s3://kops-dev-123456789012-us-east-1 --admin=1h",
            await p.KubeconfigCommand("dev.k8s.example.com").Value());
        Assert.False(await Output.IsSecretAsync(p.VpcId));
        Assert.Equal(Dev, mocks.OfType("pulumi:pulumi:StackReference").Single().Id);
    }

    [Fact]
    public async Task Without_the_S3_endpoint_the_stack_exports_no_endpoint_id_and_a_reference_reads_null()
    {
        var config = StackConfig.Load("dev");
        var network = System.Text.Json.Nodes.JsonNode.Parse((string)config["kops-platform:network"])!.AsObject();
        network["s3Endpoint"] = false;
        config["kops-platform:network"] = network.ToJsonString();

        var (outputs, secretNames) = await StackOutputs.Export(config);
        var platform = await Reference(outputs, secretNames);

        Assert.Equal(PlatformOutputs.All.Except([PlatformOutputs.Kubeconfigs, PlatformOutputs.S3EndpointId]).Order(), outputs.Keys.Order());
        Assert.Null(await platform.S3EndpointId.Value());
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

        var error = await Assert.ThrowsAnyAsync<Exception>(() => platform.ClusterKubeconfig("prod.k8s.example.com").Value());

        Assert.Contains("Stack acme/kops-platform/dev has no cluster 'prod.k8s.example.com'; its clusters are: dev.k8s.example.com.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_the_admin_kubeconfig_of_a_stack_that_exports_none_says_what_to_use_instead()
    {
        var (outputs, secretNames) = await StackOutputs.Export(StackConfig.Load("dev"));
        var platform = await Reference(outputs, secretNames);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => platform.Kubeconfig("dev.k8s.example.com").Value());

        Assert.Contains(
            "Stack acme/kops-platform/dev exports no admin kubeconfigs (kops-platform:exportAdminKubeconfig is off there). Read ClusterKubeconfig and mint a credential with KubeconfigCommand",
            error.Message,
            StringComparison.Ordinal);
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
