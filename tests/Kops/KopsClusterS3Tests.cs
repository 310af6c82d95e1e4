using System.Text.Json.Nodes;
using KopsPlatform.Infra;
using KopsPlatform.Kops;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// With the VPC's S3 endpoint on, kops's private route table in each zone of each cluster joins it: one association per
/// (cluster, zone), a child of the cluster made after its apply, the table looked up by kops's tags in the VPC.
/// </summary>
[Collection(PulumiEngine.Name)]
public class KopsClusterS3Tests
{
    private const string Association = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";
    private const string Dev = "dev.k8s.example.com";
    private const string Ci = "ci.k8s.example.com";

    public static TheoryData<string, int, Action<Dictionary<string, object>>, string[]> Stacks { get; } = new()
    {
        { "dev", 1 * 2, _ => { }, [$"{Dev}-s3-us-east-1a", $"{Dev}-s3-us-east-1d"] },
        { "prod", 1 * 3, _ => { }, ["prod.k8s.example.com-s3-us-east-1a", "prod.k8s.example.com-s3-us-east-1d", "prod.k8s.example.com-s3-us-east-1c"] },
        { "dev", 2 * 3, config =>
            {
                AddCi(config);
                Network(config)["availabilityZones"] = new JsonArray("us-east-1a", "us-east-1d", "us-east-1c");
            },
            [
                $"{Dev}-s3-us-east-1a", $"{Dev}-s3-us-east-1d", $"{Dev}-s3-us-east-1c",
                $"{Ci}-s3-us-east-1a", $"{Ci}-s3-us-east-1d", $"{Ci}-s3-us-east-1c",
            ] },
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task There_is_an_association_per_cluster_and_zone_with_the_VPCs_endpoint_and_kops_table_made_after_the_clusters_apply(
        string stack, int clustersTimesZones, Action<Dictionary<string, object>> change, string[] expected)
    {
        var mocks = new AwsMocks();
        mocks.SlowTypes.Add("command:local:Command");

        await PulumiRun.Stack<PlatformStack>(mocks, Changed(stack, change), stack: stack);

        var associations = mocks.OfType(Association).Where(a => !a.Name!.StartsWith($"{stack}-private-", StringComparison.Ordinal)).ToList();
        Assert.Equal(clustersTimesZones, associations.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), associations.Select(a => a.Name!).Order(StringComparer.Ordinal));
        foreach (var association in associations)
        {
            var (cluster, zone) = (association.Name![..association.Name!.IndexOf("-s3-", StringComparison.Ordinal)], association.Name![(association.Name!.IndexOf("-s3-", StringComparison.Ordinal) + 4)..]);
            Assert.Equal($"vpce-{stack}-s3", association.Inputs["vpcEndpointId"]);
            Assert.Equal($"rtb-private-{zone}.{cluster}", association.Inputs["routeTableId"]);
            Assert.Equal("us-east-1", association.Inputs["region"]);
            Assert.True(
                mocks.Events.IndexOf($"start {association.Name}") > mocks.Events.IndexOf($"done {cluster}-apply"),
                $"{association.Name} was created before {cluster}-apply had run");
        }
    }

    [Fact]
    public async Task Each_association_depends_on_its_clusters_apply_and_is_a_child_of_the_cluster()
    {
        var recorder = new OptionsRecorder();
        KopsCluster? cluster = null;
        await PulumiRun.Components(new AwsMocks(), () => cluster = new KopsCluster(Dev, Args(["us-east-1a", "us-east-1d"]),
            new ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        foreach (var zone in new[] { "us-east-1a", "us-east-1d" })
        {
            var options = recorder.Custom(Association, $"{Dev}-s3-{zone}");
            var dependency = Assert.Single(await options.DependsOn.ToOutput().Value());
            Assert.Equal(("command:local:Command", $"{Dev}-apply"), (dependency.GetResourceType(), dependency.GetResourceName()));
            Assert.Same(cluster, options.Parent);
        }
    }

    [Fact]
    public async Task The_lookup_filters_on_the_VPC_and_kops_tags_in_the_clusters_region_through_the_clusters_provider()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () =>
        {
            var provider = new Pulumi.Aws.Provider("cluster-account", new Pulumi.Aws.ProviderArgs { Region = "us-east-1" });
            _ = new KopsCluster(Dev, Args(["us-east-1a", "us-east-1d"]), new ComponentResourceOptions { Providers = { provider } });
        });

        var lookups = mocks.RouteTableLookups.ToList();
        Assert.Equal(2, lookups.Count);
        Assert.Equal(
            ["private-us-east-1a.dev.k8s.example.com", "private-us-east-1d.dev.k8s.example.com"],
            lookups.Select(l => AwsMocks.Filter(l, "tag:Name")!.Single()).Order(StringComparer.Ordinal));
        Assert.All(lookups, lookup =>
        {
            Assert.Equal(["vpc-0abc"], AwsMocks.Filter(lookup, "vpc-id")!);
            Assert.Equal([Dev], AwsMocks.Filter(lookup, "tag:KubernetesCluster")!);
            Assert.Equal(["filters", "region"], lookup.Args.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("us-east-1", lookup.Args["region"]);
            Assert.Contains("pulumi:providers:aws::cluster-account", lookup.Provider, StringComparison.Ordinal);
        });
        Assert.All(mocks.OfType(Association), a => Assert.Contains("pulumi:providers:aws::cluster-account", a.Provider, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_S3_endpoint_no_table_is_looked_up_or_associated()
    {
        var mocks = new AwsMocks();

        await PulumiRun.Stack<PlatformStack>(mocks, Changed("prod", config => Network(config)["s3Endpoint"] = false), stack: "prod");

        Assert.Empty(mocks.OfType(Association));
        Assert.Empty(mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint"));
        Assert.Empty(mocks.RouteTableLookups);
    }

    [Fact]
    public async Task In_a_preview_that_replaces_the_apply_an_applied_clusters_tables_are_looked_up_and_stay_known_and_a_new_clusters_wait()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(StackConfig.Load("dev"));
        // dev.k8s.example.com's spec changes (node sizes), so its apply is replaced; ci.k8s.example.com's is new.
        mocks.ChangedInPreview.UnionWith([$"{Dev}-apply", $"{Ci}-apply"]);
        var config = Changed("dev", config =>
        {
            Cluster(config, 0)["nodes"] = new JsonObject { ["machineType"] = "m6i.large", ["min"] = 3, ["max"] = 6 };
            AddCi(config);
        });

        await PulumiRun.Stack<PlatformStack>(mocks, config, preview: true);

        Assert.Equal(
            ["private-us-east-1a.dev.k8s.example.com", "private-us-east-1d.dev.k8s.example.com"],
            mocks.RouteTableLookups.Select(l => AwsMocks.Filter(l, "tag:Name")!.Single()).Order(StringComparer.Ordinal));
        Assert.Equal("rtb-private-us-east-1a.dev.k8s.example.com", mocks.Named($"{Dev}-s3-us-east-1a").Inputs["routeTableId"]);
        Assert.Equal("rtb-private-us-east-1d.dev.k8s.example.com", mocks.Named($"{Dev}-s3-us-east-1d").Inputs["routeTableId"]);
        // Unknown, so left out of the inputs: a plain create.
        Assert.False(mocks.Named($"{Ci}-s3-us-east-1a").Inputs.ContainsKey("routeTableId"));
        Assert.False(mocks.Named($"{Ci}-s3-us-east-1d").Inputs.ContainsKey("routeTableId"));
        Assert.Equal("vpce-dev-s3", mocks.Named($"{Ci}-s3-us-east-1a").Inputs["vpcEndpointId"]);
    }

    [Fact]
    public async Task A_zone_appended_under_an_applied_cluster_waits_for_the_apply_that_makes_its_table()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(StackConfig.Load("dev"));
        mocks.ChangedInPreview.Add($"{Dev}-apply");
        var config = Changed("dev", config => Network(config)["availabilityZones"] = new JsonArray("us-east-1a", "us-east-1d", "us-east-1c"));

        await PulumiRun.Stack<PlatformStack>(mocks, config, preview: true);

        Assert.Equal(
            ["private-us-east-1a.dev.k8s.example.com", "private-us-east-1d.dev.k8s.example.com"],
            mocks.RouteTableLookups.Select(l => AwsMocks.Filter(l, "tag:Name")!.Single()).Order(StringComparer.Ordinal));
        Assert.True(mocks.Named($"{Dev}-s3-us-east-1d").Inputs.ContainsKey("routeTableId"));
        Assert.False(mocks.Named($"{Dev}-s3-us-east-1c").Inputs.ContainsKey("routeTableId"));
    }

    [Fact]
    public async Task In_an_up_a_new_clusters_lookup_runs_after_its_apply_and_an_applied_clusters_does_not_wait()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(StackConfig.Load("dev"));
        mocks.SlowTypes.Add("command:local:Command");

        await PulumiRun.Stack<PlatformStack>(mocks, Changed("dev", AddCi));

        int At(string e) => mocks.Events.IndexOf(e);
        foreach (var zone in new[] { "us-east-1a", "us-east-1d" })
        {
            Assert.True(At($"lookup private-{zone}.{Ci}") > At($"done {Ci}-apply"), $"{Ci}'s table in {zone} was looked up before its apply made it");
            Assert.True(At($"lookup private-{zone}.{Dev}") < At($"done {Dev}-apply"), $"{Dev}'s existing table in {zone} waited for the apply");
            Assert.True(At($"start {Dev}-s3-{zone}") > At($"done {Dev}-apply"), $"{Dev}'s association in {zone} did not wait for the apply");
        }

        Assert.Equal(4, mocks.OfType(Association).Count(a => a.Name!.Contains("-s3-us-east-1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_network_stack_that_exports_no_endpoint_gets_no_associations_in_the_cluster_stack()
    {
        const string networkStack = "acme/kops-platform/prod-network";
        var network = StackConfig.Load("prod");
        network["kops-platform:clusters"] = "[]";
        var (outputs, secrets) = await StackOutputs.Export(network, "prod-network");
        var mocks = new AwsMocks();
        // A network stack whose last up predates the output, or that has no endpoint: the same to its readers.
        mocks.OtherStacks[networkStack] = (outputs.Remove("s3EndpointId"), secrets);
        var config = StackConfig.Load("prod");
        config.Remove("kops-platform:network");
        config["kops-platform:networkStack"] = networkStack;

        await PulumiRun.Stack<PlatformStack>(mocks, config, stack: "prod-clusters");

        Assert.Empty(mocks.OfType(Association));
        Assert.Empty(mocks.RouteTableLookups);
        Assert.Equal(2, mocks.OfType("command:local:Command").Count());
    }

    /// <summary>The VPC as literal values, as from another stack, with its S3 endpoint.</summary>
    private static KopsClusterArgs Args(string[] zones)
    {
        var args = KopsClusterTests.FromAnotherStack(zones: zones);
        args.S3Endpoint = new ClusterS3Endpoint { Id = "vpce-0abc", Zones = zones };
        return args;
    }

    /// <summary>The stack's config after the change; JSON-valued keys the change edited are written back as text.</summary>
    private static Dictionary<string, object> Changed(string stack, Action<Dictionary<string, object>> change)
    {
        var config = StackConfig.Load(stack);
        change(config);
        foreach (var (key, value) in config.ToList())
        {
            if (value is JsonNode node)
            {
                config[key] = node.ToJsonString();
            }
        }

        return config;
    }

    /// <summary>A second cluster, ci.k8s.example.com, in slot 1: dev's cluster under another name.</summary>
    private static void AddCi(Dictionary<string, object> config)
    {
        var clusters = Json(config, "kops-platform:clusters").AsArray();
        var ci = clusters[0]!.DeepClone().AsObject();
        ci["name"] = Ci;
        ci["slot"] = 1;
        clusters.Add(ci);
    }

    private static JsonObject Cluster(Dictionary<string, object> config, int index) => Json(config, "kops-platform:clusters").AsArray()[index]!.AsObject();

    private static JsonObject Network(Dictionary<string, object> config) => Json(config, "kops-platform:network").AsObject();

    /// <summary>A JSON-valued key as a node to edit in place (<see cref="Changed"/> writes it back).</summary>
    private static JsonNode Json(Dictionary<string, object> config, string key) =>
        (JsonNode)(config[key] = config[key] as JsonNode ?? JsonNode.Parse((string)config[key])!);
}
