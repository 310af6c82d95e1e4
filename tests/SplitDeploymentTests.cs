using KopsPlatform.Infra;
using KopsPlatform.Platform;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests;

/// <summary>The network in one stack (prod-network), the clusters in another that reads it (prod-clusters).</summary>
[Collection(PulumiEngine.Name)]
public class SplitDeploymentTests
{
    private const string NetworkStack = "acme/kops-platform/prod-network";

    [Fact]
    public async Task A_cluster_stack_builds_its_clusters_in_the_referenced_network_and_no_VPC()
    {
        var mocks = await NetworkStackMocks();

        var resources = await PulumiRun.Stack<PlatformStack>(mocks, ClusterStackConfig(), stack: "prod-clusters");
        var stack = resources.OfType<PlatformStack>().Single();

        // Of EC2, only the cluster's route tables' associations with the network's S3 endpoint.
        Assert.DoesNotContain(mocks.Registrations, r => r.Type == "kops-platform:network:Vpc");
        Assert.Equal(
            [
                "prod.k8s.example.com-s3-us-east-1a vpce-prod-s3 rtb-private-us-east-1a.prod.k8s.example.com",
                "prod.k8s.example.com-s3-us-east-1d vpce-prod-s3 rtb-private-us-east-1d.prod.k8s.example.com",
                "prod.k8s.example.com-s3-us-east-1c vpce-prod-s3 rtb-private-us-east-1c.prod.k8s.example.com",
            ],
            mocks.Registrations.Where(r => r.Type!.StartsWith("aws:ec2/", StringComparison.Ordinal))
                .Select(r => $"{r.Name} {r.Inputs["vpcEndpointId"]} {r.Inputs["routeTableId"]}"));
        // The network stack's outputs, and the stack's own last ones (which the change checks compare with).
        Assert.Equal([NetworkStack, "organization/kops-platform/prod-clusters"], mocks.OfType("pulumi:pulumi:StackReference").Select(r => r.Id).Order());
        Assert.Equal(2, mocks.OfType("command:local:Command").Count());

        var spec = KopsYaml.Cluster((await stack.KopsSpecs.Value())["prod.k8s.example.com"]).Map("spec");
        Assert.Equal("vpc-prod-vpc", spec.Text("networkID"));
        Assert.Equal(
            ["nat-prod-nat-0", "nat-prod-nat-1", "nat-prod-nat-2"],
            spec.Maps("subnets").Where(s => s.Text("type") == "Private").Select(s => s.Text("egress")));
        Assert.Equal("s3://kops-prod-123456789012-us-east-1/prod.k8s.example.com", spec.Text("configBase"));

        // The cluster stack passes the network on, so an application stack needs only one reference.
        Assert.Equal("vpc-prod-vpc", await stack.VpcId.Value());
        Assert.Equal(["subnet-prod-private-prod-0", "subnet-prod-private-prod-1", "subnet-prod-private-prod-2"], await stack.PrivateProdSubnetIds.Items());
        Assert.Equal("vpce-prod-s3", await stack.S3EndpointId.Value());
    }

    [Fact]
    public async Task The_network_stack_and_the_cluster_stack_render_the_same_spec_as_one_stack_would()
    {
        var mocks = await NetworkStackMocks();
        var split = await PulumiRun.Stack<PlatformStack>(mocks, ClusterStackConfig(), stack: "prod");
        var single = await PulumiRun.Stack<PlatformStack>(new AwsMocks(), StackConfig.Load("prod"), stack: "prod");

        Assert.Equal(
            await single.OfType<PlatformStack>().Single().KopsSpecs.Value(),
            await split.OfType<PlatformStack>().Single().KopsSpecs.Value());
    }

    [Fact]
    public async Task Clusters_that_need_more_zones_than_the_referenced_network_has_are_named()
    {
        var mocks = new AwsMocks();
        var network = StackConfig.Load("dev");
        network["kops-platform:clusters"] = "[]";
        mocks.OtherStacks[NetworkStack] = await StackOutputs.Export(network);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Stack<PlatformStack>(mocks, ClusterStackConfig(), stack: "prod-clusters"));

        Assert.Contains("kops-platform:clusters[0].controlPlane.count: 3 control-plane instances need 3 zones, but the VPC has 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type == "command:local:Command");
    }

    [Theory]
    [InlineData("prod-network", null, "kops-platform:networkStack: 'prod-network' is not a full stack name. Write it as organization/project/stack")]
    [InlineData(NetworkStack, "network", "kops-platform:networkStack: this stack reads its network from acme/kops-platform/prod-network, but also sets kops-platform:network. Keep one")]
    [InlineData(NetworkStack, "no-clusters", "kops-platform:clusters: a stack that reads the network of acme/kops-platform/prod-network exists for its clusters, but lists none")]
    public async Task Conflicting_or_malformed_split_config_is_named(string networkStack, string? twist, string message)
    {
        var config = ClusterStackConfig();
        config["kops-platform:networkStack"] = networkStack;
        if (twist == "network")
        {
            config["kops-platform:network"] = StackConfig.Load("prod")["kops-platform:network"];
        }
        else if (twist == "no-clusters")
        {
            config["kops-platform:clusters"] = "[]";
        }

        var mocks = new AwsMocks();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Stack<PlatformStack>(mocks, config, preview: true));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registrations);
    }

    /// <summary>The prod stack's config with its network moved out to <see cref="NetworkStack"/>.</summary>
    private static Dictionary<string, object> ClusterStackConfig()
    {
        var config = StackConfig.Load("prod");
        config.Remove("kops-platform:network");
        config["kops-platform:networkStack"] = NetworkStack;
        return config;
    }

    private static async Task<AwsMocks> NetworkStackMocks()
    {
        var network = StackConfig.Load("prod");
        network["kops-platform:clusters"] = "[]";
        var mocks = new AwsMocks();
        mocks.OtherStacks[NetworkStack] = await StackOutputs.Export(network, "prod-network");
        return mocks;
    }
}
