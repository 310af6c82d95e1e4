using System.Net;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Kops;

[Collection(PulumiEngine.Name)]
public class KopsClusterTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1d", "us-east-1c"];

    [Fact]
    public async Task NAT_gateway_ids_from_the_VPC_land_on_their_own_zones()
    {
        var (_, clusters) = await RunInVpc(NatGatewayStrategy.OnePerAz, ClusterRulesTests.Valid with { ControlPlane = new() { Count = 3 } });

        var egress = KopsYaml.Cluster(await clusters[0].Spec.Value()).Map("spec").Maps("subnets")
            .Where(s => s.Text("type") == "Private")
            .Select(s => (s.Text("zone"), s.Text("egress")));

        Assert.Equal(
            [("us-east-1a", "nat-main-nat-0"), ("us-east-1d", "nat-main-nat-1"), ("us-east-1c", "nat-main-nat-2")],
            egress);
        Assert.Equal("vpc-main-vpc", KopsYaml.Cluster(await clusters[0].Spec.Value()).Map("spec").Text("networkID"));
    }

    [Fact]
    public async Task Two_clusters_in_one_VPC_get_disjoint_subnets_in_the_free_range()
    {
        var (vpc, clusters) = await RunInVpc(
            NatGatewayStrategy.Single,
            ClusterRulesTests.Valid,
            ClusterRulesTests.Valid with { Name = "tools.k8s.example.com", Slot = 3 });

        var blocks = new List<IPNetwork>();
        foreach (var cluster in clusters)
        {
            blocks.AddRange(KopsYaml.Cluster(await cluster.Spec.Value()).Map("spec").Maps("subnets").Select(s => IPNetwork.Parse(s.Text("cidr"))));
        }

        Assert.Equal(2 * 2 * Zones.Length, blocks.Count);
        var freeRange = IPNetwork.Parse(await vpc.ClusterCidr.Value());
        Assert.All(blocks, b => Assert.True(Ipv4.Within(b, freeRange)));
        Assert.Equal(blocks.Count, blocks.Distinct().Count());
        Assert.All(blocks, b => Assert.Single(blocks, other => Ipv4.Overlaps(b, other)));
    }

    [Fact]
    public async Task The_hash_is_the_sha256_of_the_spec()
    {
        var (_, clusters) = await RunInVpc(NatGatewayStrategy.Single, ClusterRulesTests.Valid);

        Assert.Equal(KopsSpecRenderer.Sha256(await clusters[0].Spec.Value()), await clusters[0].SpecHash.Value());
    }

    [Fact]
    public async Task In_a_preview_with_the_VPC_ids_still_unknown_nothing_throws_and_the_spec_waits_for_them()
    {
        var mocks = new AwsMocks(unknownIds: true);
        KopsCluster? cluster = null;

        await PulumiRun.Components(mocks, () =>
        {
            var vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones });
            cluster = NewCluster(vpc, ClusterRulesTests.Valid, Output.Create("s3://state"));
        }, preview: true);

        Assert.False(await cluster!.Spec.IsKnown());
        Assert.False(await cluster.SpecHash.IsKnown());
        Assert.Single(mocks.OfType(KopsCluster.TypeToken));
    }

    [Fact]
    public async Task Values_read_from_another_stack_render_the_same_way()
    {
        KopsCluster? cluster = null;
        await PulumiRun.Components(new AwsMocks(), () => cluster = new KopsCluster("dev", FromAnotherStack(zones: ["us-east-1a", "us-east-1d"], natGatewayIds: ["nat-0a", "nat-0d"])));

        var spec = KopsYaml.Cluster(await cluster!.Spec.Value()).Map("spec");
        Assert.Equal("vpc-0abc", spec.Text("networkID"));
        Assert.Equal("s3://state/dev.k8s.example.com", spec.Text("configBase"));
    }

    [Fact]
    public async Task A_free_range_from_elsewhere_that_overlaps_a_tier_fails_with_its_field()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(new AwsMocks(), () => _ = new KopsCluster("dev", FromAnotherStack(clusterCidr: "10.20.0.0/17"))));

        Assert.Contains("KopsClusterArgs.clusterCidr: subnet 10.20.0.0/22 overlaps the VPC's admin tier 10.20.0.0/19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_fail_before_anything_is_rendered()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(new AwsMocks(), () =>
            _ = new KopsCluster("dev", new KopsClusterArgs { Settings = ClusterRulesTests.Valid with { Slot = 7 } })));

        Assert.Contains("KopsClusterArgs.Settings.slot: slot 7 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IRSA_without_a_discovery_store_fails_before_any_child_registers()
    {
        var mocks = new AwsMocks();
        var args = FromAnotherStack();
        args.Settings = ClusterRulesTests.Valid with { Irsa = true };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(mocks, () => _ = new KopsCluster("dev", args)));

        Assert.Contains("KopsClusterArgs.DiscoveryStore: IRSA is on for dev.k8s.example.com", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type == "command:local:Command");
    }

    [Fact]
    public async Task The_apply_command_gets_the_spec_on_stdin_its_hash_as_trigger_and_the_kops_environment()
    {
        var mocks = new AwsMocks();
        var (_, clusters) = await RunInVpc(mocks, NatGatewayStrategy.Single, ClusterRulesTests.Valid);
        var spec = await clusters[0].Spec.Value();

        var apply = mocks.Named("dev.k8s.example.com-apply").Inputs;
        Assert.Equal(spec, apply["stdin"]);
        Assert.Equal([KopsSpecRenderer.Sha256(spec)], (IEnumerable<object>)apply["triggers"]);
        Assert.Equal(KopsScripts.Apply(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), apply["create"]);
        Assert.Equal(apply["create"], apply["update"]);
        Assert.False(apply.ContainsKey("delete"));
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["KOPS_STATE_STORE"] = "s3://state",
                ["AWS_REGION"] = "us-east-1",
                [KopsScripts.SshPublicKeyVariable] = FakeKops.SshPublicKey,
            }.OrderBy(e => e.Key),
            ((IReadOnlyDictionary<string, object>)apply["environment"]).OrderBy(e => e.Key));
        AssertRunsUnderBashWithoutPreviousOutputs(apply);
    }

    [Fact]
    public async Task The_owning_command_deletes_the_cluster_and_has_no_trigger_that_could_replace_it()
    {
        var mocks = new AwsMocks();
        var (_, clusters) = await RunInVpc(mocks, NatGatewayStrategy.Single, ClusterRulesTests.Valid);

        var owner = mocks.Named("dev.k8s.example.com-cluster").Inputs;
        Assert.Equal(KopsScripts.Delete(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), owner["delete"]);
        Assert.Equal(KopsScripts.Check(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), owner["create"]);
        Assert.False(owner.ContainsKey("triggers") && ((IEnumerable<object>)owner["triggers"]).Any());
        Assert.Equal(await clusters[0].Spec.Value(), owner["stdin"]);
        Assert.Equal(["AWS_REGION", "KOPS_STATE_STORE"], ((IReadOnlyDictionary<string, object>)owner["environment"]).Keys.Order());
        AssertRunsUnderBashWithoutPreviousOutputs(owner);
    }

    [Fact]
    public async Task The_spec_both_commands_read_depends_on_the_VPC_its_NAT_gateways_and_the_state_store()
    {
        KopsCluster? cluster = null;
        await PulumiRun.Components(new AwsMocks(), () =>
        {
            var vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones });
            var store = new KopsStateStore("state", new KopsStateStoreArgs());
            cluster = NewCluster(vpc, ClusterRulesTests.Valid, store.StateStore);
        });

        var dependencies = (await Pulumi.Utilities.OutputUtilities.GetDependenciesAsync(cluster!.Spec))
            .Select(r => r.GetResourceType()).ToHashSet();

        Assert.Contains("aws:ec2/vpc:Vpc", dependencies);
        Assert.Contains("aws:ec2/natGateway:NatGateway", dependencies);
        Assert.Contains("aws:s3/bucket:Bucket", dependencies);
    }

    [Fact]
    public async Task Kops_waits_for_what_the_cluster_depends_on_and_apply_waits_for_the_owner()
    {
        var mocks = new AwsMocks();
        mocks.SlowTypes.Add("aws:s3/bucketPolicy:BucketPolicy");
        mocks.SlowTypes.Add("aws:ec2/routeTableAssociation:RouteTableAssociation");
        mocks.SlowTypes.Add("command:local:Command");

        await PulumiRun.Components(mocks, () =>
        {
            var vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones });
            var store = new KopsStateStore("state", new KopsStateStoreArgs());
            _ = new KopsCluster("dev.k8s.example.com", ClusterArgs(vpc, ClusterRulesTests.Valid, store.StateStore),
                new ComponentResourceOptions { DependsOn = { vpc, store } });
        });

        var events = mocks.Events;
        int At(string e) => events.LastIndexOf(e);
        foreach (var command in new[] { "dev.k8s.example.com-cluster", "dev.k8s.example.com-apply" })
        {
            Assert.True(At($"start {command}") > At("done state-tls-only"), $"{command} started before the bucket policy was in place");
            Assert.True(At($"start {command}") > At("done main-private-working-2"), $"{command} started before the routes were associated");
        }

        Assert.True(At("start dev.k8s.example.com-apply") > At("done dev.k8s.example.com-cluster"));
    }

    [Fact]
    public async Task The_commands_are_children_of_the_cluster_and_inherit_its_providers()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () =>
        {
            var provider = new Pulumi.Command.Provider("local-commands");
            _ = new KopsCluster("dev.k8s.example.com", FromAnotherStack(), new ComponentResourceOptions { Providers = { provider } });
        });

        var commands = mocks.OfType("command:local:Command").ToList();
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.Contains("pulumi:providers:command::local-commands", c.Provider, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_apply_commands_output_is_secret_and_a_replacement_creates_before_it_deletes()
    {
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(new AwsMocks(), () => _ = new KopsCluster("dev.k8s.example.com", FromAnotherStack(),
            new ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        var apply = recorder.Custom("command:local:Command", "dev.k8s.example.com-apply");
        var owner = recorder.Custom("command:local:Command", "dev.k8s.example.com-cluster");
        Assert.Equal(["stderr"], apply.AdditionalSecretOutputs);
        Assert.Empty(owner.AdditionalSecretOutputs);
        Assert.False(apply.DeleteBeforeReplace ?? false);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Protect_covers_the_command_that_owns_the_cluster_and_not_the_one_that_applies_changes(bool protect)
    {
        var recorder = new OptionsRecorder();
        var args = FromAnotherStack();
        args.Protect = protect;
        await PulumiRun.Components(new AwsMocks(), () => _ = new KopsCluster("dev.k8s.example.com", args,
            new ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        Assert.Equal(protect, recorder.Custom("command:local:Command", "dev.k8s.example.com-cluster").Protect ?? false);
        Assert.False(recorder.Custom("command:local:Command", "dev.k8s.example.com-apply").Protect ?? false);
    }

    [Fact]
    public async Task The_client_kubeconfig_is_the_apply_output_holds_no_credential_and_is_not_secret()
    {
        var (_, clusters) = await RunInVpc(new AwsMocks(), NatGatewayStrategy.Single, ClusterRulesTests.Valid);

        Assert.False(await Output.IsSecretAsync(clusters[0].ClientKubeconfig));
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-apply", await clusters[0].ClientKubeconfig.Value());
        Assert.Null(await clusters[0].Kubeconfig.Value());
    }

    private static void AssertRunsUnderBashWithoutPreviousOutputs(System.Collections.Immutable.ImmutableDictionary<string, object> command)
    {
        Assert.Equal(["/bin/bash", "-c"], (IEnumerable<object>)command["interpreter"]);
        Assert.Equal(false, command["addPreviousOutputInEnv"]);
        Assert.Equal("stderr", command["logging"]);
    }

    private static Task<(Vpc Vpc, List<KopsCluster> Clusters)> RunInVpc(NatGatewayStrategy nat, params ClusterSettings[] settings) =>
        RunInVpc(new AwsMocks(), nat, settings);

    private static async Task<(Vpc Vpc, List<KopsCluster> Clusters)> RunInVpc(AwsMocks mocks, NatGatewayStrategy nat, params ClusterSettings[] settings)
    {
        Vpc? vpc = null;
        var clusters = new List<KopsCluster>();
        await PulumiRun.Components(mocks, () =>
        {
            vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones, NatGateways = nat });
            clusters.AddRange(settings.Select(s => NewCluster(vpc, s, Output.Create("s3://state"))));
        });
        return (vpc!, clusters);
    }

    /// <summary>The VPC as literal values, the way a stack reference to the network stack hands them over.</summary>
    internal static KopsClusterArgs FromAnotherStack(string clusterCidr = "10.20.128.0/17", string[]? zones = null, string[]? natGatewayIds = null) =>
        new()
        {
            Settings = ClusterRulesTests.Valid,
            StateStore = "s3://state",
            Region = "us-east-1",
            VpcId = "vpc-0abc",
            VpcCidr = "10.20.0.0/16",
            ClusterCidr = clusterCidr,
            AvailabilityZones = zones ?? ["us-east-1a"],
            NatGatewayIds = natGatewayIds ?? ["nat-0a"],
        };

    private static KopsCluster NewCluster(Vpc vpc, ClusterSettings settings, Output<string> stateStore) =>
        new(settings.Name, ClusterArgs(vpc, settings, stateStore));

    private static KopsClusterArgs ClusterArgs(Vpc vpc, ClusterSettings settings, Output<string> stateStore) =>
        new()
        {
            Settings = settings,
            StateStore = stateStore,
            Region = "us-east-1",
            VpcId = vpc.VpcId,
            VpcCidr = vpc.VpcCidr,
            ClusterCidr = vpc.ClusterCidr,
            AvailabilityZones = vpc.AvailabilityZones,
            NatGatewayIds = vpc.NatGatewayIds,
        };
}
