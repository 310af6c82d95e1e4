using System.Text.Json.Nodes;
using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests;

/// <summary>
/// A change to a running platform previews against what the last up exported: kops can't make some changes, and
/// those fail the preview, naming the key, before any resource is declared.
/// </summary>
[Collection(PulumiEngine.Name)]
public class ChangingARunningPlatformTests
{
    public static TheoryData<string, string, Action<JsonObject>, string> RefusedChanges { get; } = new()
    {
        { "dev", "a cluster moved to another slot", c => Cluster(c)["slot"] = 1,
            "kops-platform:clusters[0].slot: dev.k8s.example.com was built in slot 0, and kops can't move a subnet to other addresses. Put slot 0 back." },
        { "dev", "zones reordered", c => Network(c)["availabilityZones"] = new JsonArray("us-east-1d", "us-east-1a"),
            "kops-platform:network.availabilityZones: [us-east-1d, us-east-1a] were [us-east-1a, us-east-1d]: zone i holds every tier's i-th subnet" },
        { "dev", "a zone removed", c => Network(c)["availabilityZones"] = new JsonArray("us-east-1a"),
            "kops-platform:network.availabilityZones: [us-east-1a] were [us-east-1a, us-east-1d]" },
        { "dev", "a zone inserted before the last", c => Network(c)["availabilityZones"] = new JsonArray("us-east-1a", "us-east-1c", "us-east-1d"),
            "Keep [us-east-1a, us-east-1d] in that order, and add new zones at the end." },
        { "dev", "the VPC's block changed", c => Network(c)["cidr"] = "10.21.0.0/16",
            "kops-platform:network.cidr: the VPC's block 10.20.0.0/16 can't change under the running clusters (dev.k8s.example.com). Put cidr 10.20.0.0/16 back." },
        { "dev", "the network renamed", c => Network(c)["name"] = "development",
            "kops-platform:network.name: renaming the network from dev replaces the VPC and everything in it, under the running clusters (dev.k8s.example.com). Put name dev back." },
        { "prod", "the control plane shrunk", c => Cluster(c)["controlPlane"] = new JsonObject { ["count"] = 1, ["machineType"] = "m6i.large" },
            "kops-platform:clusters[0].controlPlane.count: prod.k8s.example.com runs 3 control-plane instances, and kops can't remove etcd members. Keep 3." },
        { "dev", "the API load balancer made internal", c => Cluster(c)["apiLoadBalancer"] = "internal",
            "kops-platform:clusters[0].apiLoadBalancer: dev.k8s.example.com's API load balancer is public, and switching it is a manual kops procedure" },
        { "dev", "Kubernetes downgraded a minor", c => Cluster(c)["kubernetesVersion"] = "1.34.9",
            "kops-platform:clusters[0].kubernetesVersion: dev.k8s.example.com runs Kubernetes 1.35.4, and Kubernetes can't be downgraded to 1.34. Keep 1.35.x." },
        { "prod", "a minor upgrade without rolling updates", c => Cluster(c)["kubernetesVersion"] = "1.36.0",
            "kops-platform:clusters[0].kubernetesVersion: upgrading prod.k8s.example.com from 1.35 to 1.36 with rollingUpdate off would start nodes newer than their control plane. Set rollingUpdate: true for this change" },
        { "dev", "a cluster renamed into the slot of the one it replaces", c => Cluster(c)["name"] = "dev2.k8s.example.com",
            "kops-platform:clusters[0].slot: slot 0 still holds dev.k8s.example.com, which this up would delete only after building dev2.k8s.example.com. Use a free slot, or remove dev.k8s.example.com in an up of its own first." },
        { "dev", "a cluster removed without allowDelete at the last up", c => c["kops-platform:clusters"] = new JsonArray(),
            "kops-platform:clusters: dev.k8s.example.com is no longer listed, which deletes the cluster, but its last up did not allow that. Put dev.k8s.example.com back with allowDelete: true and run pulumi up; then remove it" },
        { "dev", "IRSA switched off", c => Cluster(c)["irsa"] = false,
            "kops-platform:clusters[0].irsa: dev.k8s.example.com runs with IRSA on, and switching it changes the issuer of every service-account token. Keep irsa: true (or leave it out)." },
        { "dev", "a cluster given subnets instead of its slot", c =>
            {
                Cluster(c).Remove("slot");
                Cluster(c)["subnets"] = JsonNode.Parse("""[{"zone":"us-east-1a","privateCidr":"10.20.128.0/22","utilityCidr":"10.20.144.0/24"}]""");
            },
            "kops-platform:clusters[0].subnets: dev.k8s.example.com was built in slot 0, and kops can't move a subnet to other addresses. Put slot 0 back instead of subnets." },
        { Adopting, "an adopted subnet moved", c => Legacy(c)["subnets"]![0]!["privateCidr"] = "10.20.164.0/22",
            "kops-platform:clusters[1].subnets: legacy.k8s.example.com runs in the subnets [us-east-1a us-east-1a=10.20.168.0/22 utility-us-east-1a=10.20.184.0/24; "
                + "us-east-1d private-d=10.20.172.0/22 utility-us-east-1d=10.20.185.0/24], and kops can't move or rename a subnet. Put its subnets back as they were, in that order." },
        { Adopting, "an adopted subnet renamed to its default", c => Legacy(c)["subnets"]![1]!.AsObject().Remove("privateName"),
            "kops-platform:clusters[1].subnets: legacy.k8s.example.com runs in the subnets [" },
        { Adopting, "an adopted cluster given a slot instead", c =>
            {
                Legacy(c).Remove("subnets");
                Legacy(c)["slot"] = 1;
            },
            "kops-platform:clusters[1].slot: legacy.k8s.example.com runs in the subnets [" },
        { Adopting, "a new cluster in the slot whose quarter the adopted subnets lie in", c => ((JsonArray)c["kops-platform:clusters"]!).Add(Cluster(c).DeepClone().AsObject().Also(n => { n["name"] = "ci.k8s.example.com"; n["slot"] = 1; })),
            "kops-platform:clusters[2].slot: 10.20.160.0/19 overlaps 10.20.168.0/22, which legacy.k8s.example.com holds (kops-platform:clusters[1].subnets[0].privateCidr)." },
        { Adopting, "the adopted cluster replaced by a new one in the slot its subnets lie in", c =>
            {
                ((JsonArray)c["kops-platform:clusters"]!).RemoveAt(1);
                ((JsonArray)c["kops-platform:clusters"]!).Add(Cluster(c).DeepClone().AsObject().Also(n => { n["name"] = "ci.k8s.example.com"; n["slot"] = 1; }));
            },
            "kops-platform:clusters[1].slot: slot 1 still holds legacy.k8s.example.com, which this up would delete only after building ci.k8s.example.com. Use a free slot, or remove legacy.k8s.example.com in an up of its own first." },
        { Adopting, "the adopted cluster renamed, so replaced on its own subnets", c => Legacy(c)["name"] = "legacy2.k8s.example.com",
            "kops-platform:clusters[1].subnets: legacy.k8s.example.com still holds addresses these subnets use, and this up would delete it only after building legacy2.k8s.example.com. Remove legacy.k8s.example.com in an up of its own first." },
    };

    public static TheoryData<string, string, Action<JsonObject>> AllowedChanges { get; } = new()
    {
        { "dev", "a zone appended", c => Network(c)["availabilityZones"] = new JsonArray("us-east-1a", "us-east-1d", "us-east-1c") },
        { "dev", "a cluster added in a free slot", c => ((JsonArray)c["kops-platform:clusters"]!).Add(Cluster(c).DeepClone().AsObject().Also(n => { n["name"] = "ci.k8s.example.com"; n["slot"] = 1; })) },
        { "dev", "the control plane grown with the zones it needs", c =>
            {
                Network(c)["availabilityZones"] = new JsonArray("us-east-1a", "us-east-1d", "us-east-1c");
                Cluster(c)["controlPlane"] = new JsonObject { ["count"] = 3 };
            } },
        { "dev", "a one-minor upgrade with rolling updates", c => Cluster(c)["kubernetesVersion"] = "1.36.0" },
        { "prod", "a patch upgrade without rolling updates", c => Cluster(c)["kubernetesVersion"] = "1.35.9" },
        { "dev", "node sizes changed", c => Cluster(c)["nodes"] = new JsonObject { ["machineType"] = "m6i.large", ["min"] = 3, ["max"] = 6 } },
        { "dev", "IRSA stated as it is", c => Cluster(c)["irsa"] = true },
        { "dev", "the nodes group moved into per-zone node groups", c =>
            {
                Cluster(c).Remove("nodes");
                Cluster(c)["nodeGroups"] = JsonNode.Parse("""[{"name":"nodes","perZone":true},{"name":"spot","min":0,"spot":{}}]""");
            } },
        { "prod", "audit logging and every add-on switched", c => Cluster(c)["addons"] = JsonNode.Parse("""{"metricsServer":false,"awsLoadBalancerController":false,"nodeTerminationHandler":false}""") },
        { Adopting, "the adopted cluster's nodes resized", c => Legacy(c)["nodes"] = new JsonObject { ["min"] = 3, ["max"] = 9 } },
        { Adopting, "overrides added to the adopted cluster", c => Legacy(c)["specOverrides"] = JsonNode.Parse("""{"kubelet":{"anonymousAuth":false}}""") },
        { Adopting, "a new cluster in the slot clear of the adopted subnets", c => ((JsonArray)c["kops-platform:clusters"]!).Add(Cluster(c).DeepClone().AsObject().Also(n => { n["name"] = "ci.k8s.example.com"; n["slot"] = 2; })) },
    };

    /// <summary>dev, with a cluster kops built before the stack adopted beside dev's: its subnets lie in slot 1's quarter, one renamed.</summary>
    private const string Adopting = "dev-adopting";

    [Theory]
    [MemberData(nameof(RefusedChanges))]
    public async Task A_change_kops_cant_make_fails_the_preview_before_any_resource(string stack, string why, Action<JsonObject> change, string message)
    {
        var mocks = await AfterAnUpOf(stack);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Stack<PlatformStack>(mocks, Changed(stack, change), preview: true, stack: stack));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{why}: {error.Message}");
        Assert.All(mocks.Registrations, r => Assert.Equal("pulumi:pulumi:StackReference", r.Type));
    }

    [Theory]
    [MemberData(nameof(AllowedChanges))]
    public async Task A_change_kops_can_make_previews(string stack, string why, Action<JsonObject> change)
    {
        var mocks = await AfterAnUpOf(stack);

        await PulumiRun.Stack<PlatformStack>(mocks, Changed(stack, change), preview: true, stack: stack);

        Assert.True(mocks.Registrations.Count > 1, why);
    }

    [Fact]
    public async Task A_cluster_whose_last_up_allowed_its_deletion_may_be_removed()
    {
        var before = StackConfig.Load("dev");
        before["kops-platform:clusters"] = ((string)before["kops-platform:clusters"]).Replace("\"rollingUpdate\":true", "\"rollingUpdate\":true,\"allowDelete\":true", StringComparison.Ordinal);
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(before);

        await PulumiRun.Stack<PlatformStack>(mocks, Changed("dev", c => c["kops-platform:clusters"] = new JsonArray()), preview: true);
    }

    [Fact]
    public async Task A_stack_whose_last_up_exported_none_of_the_records_previews_any_change()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (System.Collections.Immutable.ImmutableDictionary<string, object>.Empty.Add("vpcId", "vpc-1"), []);

        await PulumiRun.Stack<PlatformStack>(mocks, Changed("dev", c => Cluster(c)["slot"] = 1), preview: true);
    }

    [Fact]
    public async Task A_stack_from_before_the_cluster_records_still_guards_its_network_through_its_specs()
    {
        var (outputs, secrets) = await StackOutputs.Export(StackConfig.Load("dev"));
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (outputs.Remove("clusters").Remove("networkName"), secrets);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PulumiRun.Stack<PlatformStack>(mocks, Changed("dev", c => Network(c)["cidr"] = "10.21.0.0/16"), preview: true));

        Assert.Contains("kops-platform:network.cidr: the VPC's block 10.20.0.0/16 can't change", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_clusters_the_network_may_still_be_rebuilt()
    {
        var before = StackConfig.Load("dev");
        before["kops-platform:clusters"] = "[]";
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(before);

        var after = new Dictionary<string, object>(before);
        var network = JsonNode.Parse((string)after["kops-platform:network"])!.AsObject();
        network["cidr"] = "10.21.0.0/16";
        after["kops-platform:network"] = network.ToJsonString();

        await PulumiRun.Stack<PlatformStack>(mocks, after, preview: true);
    }

    [Fact]
    public async Task A_cluster_from_before_IRSA_keeps_its_token_issuer_and_refuses_a_switch()
    {
        var (outputs, secrets) = await StackOutputs.Export(Changed("dev", c => Cluster(c)["irsa"] = false));
        var record = ((System.Collections.Immutable.ImmutableDictionary<string, object>)outputs["clusters"])["dev.k8s.example.com"];
        var before = outputs.SetItem("clusters", System.Collections.Immutable.ImmutableDictionary<string, object>.Empty
            .Add("dev.k8s.example.com", ((System.Collections.Immutable.ImmutableDictionary<string, object>)record).Remove("irsa")));
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (before, secrets);

        var stack = (await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), preview: true)).OfType<PlatformStack>().Single();
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PulumiRun.Stack<PlatformStack>(new AwsMocks { OtherStacks = { ["organization/kops-platform/dev"] = (before, secrets) } }, Changed("dev", c => Cluster(c)["irsa"] = true), preview: true));

        Assert.DoesNotContain("serviceAccountIssuerDiscovery", (await stack.KopsSpecs.Value())["dev.k8s.example.com"], StringComparison.Ordinal);
        Assert.Equal(false, ((System.Collections.Immutable.ImmutableDictionary<string, object>)(await stack.Clusters.Value())["dev.k8s.example.com"])["irsa"]);
        Assert.Null(await stack.DiscoveryStore.Value());
        Assert.Contains("kops-platform:clusters[0].irsa: dev.k8s.example.com runs with IRSA off", error.Message, StringComparison.Ordinal);
    }

    private static async Task<AwsMocks> AfterAnUpOf(string stack)
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks[$"organization/kops-platform/{stack}"] = await StackOutputs.Export(Before(stack), stack);
        return mocks;
    }

    /// <summary>A stack's config at its last up: its stack file, or dev's with a cluster adopted beside dev's.</summary>
    private static Dictionary<string, object> Before(string stack) => stack != Adopting
        ? StackConfig.Load(stack)
        : Changed("dev", c => ((JsonArray)c["kops-platform:clusters"]!).Add(Cluster(c).DeepClone().AsObject().Also(legacy =>
        {
            legacy["name"] = "legacy.k8s.example.com";
            legacy.Remove("slot");
            legacy["subnets"] = JsonNode.Parse("""
                [
                  { "zone": "us-east-1a", "privateCidr": "10.20.168.0/22", "utilityCidr": "10.20.184.0/24" },
                  { "zone": "us-east-1d", "privateCidr": "10.20.172.0/22", "utilityCidr": "10.20.185.0/24", "privateName": "private-d" }
                ]
                """);
        })));

    /// <summary>The stack file with one edit, as JSON objects so that the edit reads like the YAML it stands for.</summary>
    private static Dictionary<string, object> Changed(string stack, Action<JsonObject> change)
    {
        var config = Before(stack);
        var json = new JsonObject(config.Select(entry => KeyValuePair.Create(
            entry.Key, entry.Key.StartsWith("kops-platform:", StringComparison.Ordinal) ? JsonNode.Parse((string)entry.Value) : JsonValue.Create((string)entry.Value))));
        change(json);
        return json.ToDictionary(entry => entry.Key, entry => (object)(entry.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : entry.Value!.ToJsonString()));
    }

    private static JsonObject Network(JsonObject config) => config["kops-platform:network"]!.AsObject();

    private static JsonObject Cluster(JsonObject config) => config["kops-platform:clusters"]![0]!.AsObject();

    private static JsonObject Legacy(JsonObject config) => config["kops-platform:clusters"]![1]!.AsObject();
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> edit)
    {
        edit(node);
        return node;
    }
}
