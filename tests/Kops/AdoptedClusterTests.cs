using System.Net;
using System.Text.Json.Nodes;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// A cluster kops built before the stack: explicit subnets where its team put them, instead of a slot, and
/// specOverrides for what the settings don't model.
/// </summary>
public class AdoptedClusterTests
{
    private static readonly ClusterNetwork ThreeZones = new(
        "vpc-0abc",
        "10.30.0.0/16",
        "10.30.128.0/17",
        ["us-east-1a", "us-east-1d", "us-east-1e"],
        ["nat-0a", "nat-0d", "nat-0e"]);

    /// <summary>Two of the VPC's three zones, /22 private and /24 utility subnets at no slot's addresses, one renamed.</summary>
    internal static ClusterSettings Adopted { get; } = ClusterRulesTests.Valid with
    {
        Name = "legacy.k8s.example.com",
        Slot = null,
        Subnets =
        [
            new ClusterSubnetSettings { Zone = "us-east-1e", PrivateCidr = "10.30.132.0/22", UtilityCidr = "10.30.140.0/24", PrivateName = "private-e" },
            new ClusterSubnetSettings { Zone = "us-east-1a", PrivateCidr = "10.30.136.0/22", UtilityCidr = "10.30.141.0/24", UtilityName = "public-a" },
        ],
    };

    private static ClusterSubnetSettings Subnet(string zone, string privateCidr, string utilityCidr) =>
        new() { Zone = zone, PrivateCidr = privateCidr, UtilityCidr = utilityCidr };

    public static TheoryData<string, ClusterSettings, string> BadAdoptions { get; } = new()
    {
        { "neither slot nor subnets", Adopted with { Subnets = null }, "c.slot: missing. Give the cluster a slot (0 to 3, unique within the VPC), or subnets to adopt a cluster whose subnets exist." },
        { "both", Adopted with { Slot = 1 }, "c.subnets: the cluster has a slot too. Keep one: slot for a cluster the stack builds, subnets for one it adopts." },
        { "an empty list", Adopted with { Subnets = [] }, "c.subnets: no subnet is listed. List one entry per zone of the cluster, 1 to 4, or give the cluster a slot instead." },
        {
            "five zones",
            Adopted with { Subnets = [.. Enumerable.Range(0, 5).Select(i => Subnet($"us-east-1{(char)('a' + i)}", $"10.30.{128 + (8 * i)}.0/22", $"10.30.{132 + (8 * i)}.0/24"))] },
            "c.subnets: 5 subnets are listed. List one entry per zone of the cluster, 1 to 4"
        },
        {
            "a zone twice",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.140.0/24"), Subnet("us-east-1a", "10.30.132.0/22", "10.30.141.0/24")] },
            "c.subnets[1].zone: us-east-1a is also the zone of c.subnets[0]. List each zone once"
        },
        { "a private block with host bits", Adopted with { Subnets = [Subnet("us-east-1a", "10.30.129.0/22", "10.30.140.0/24")] }, "c.subnets[0].privateCidr: '10.30.129.0/22' is not an IPv4 CIDR block. Use 10.30.128.0/22, the block that address lies in." },
        { "a utility name, not a block", Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "utility-a")] }, "c.subnets[0].utilityCidr: 'utility-a' is not an IPv4 CIDR block. Write it as a.b.c.d/n" },
        { "a /28 utility subnet", Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.140.0/28")] }, "c.subnets[0].utilityCidr: 10.30.140.0/28 is smaller than a /27. Give a /27 or larger block" },
        { "a /29 private subnet", Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/29", "10.30.140.0/24")] }, "c.subnets[0].privateCidr: 10.30.128.0/29 is smaller than a /28" },
        { "utility inside private", Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.129.0/24")] }, "c.subnets[0].utilityCidr: 10.30.129.0/24 overlaps the private subnet 10.30.128.0/22" },
        {
            "two zones' subnets overlapping",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.140.0/24"), Subnet("us-east-1d", "10.30.140.0/23", "10.30.142.0/24")] },
            "c.subnets[1].privateCidr: 10.30.140.0/23 overlaps 10.30.140.0/24 (c.subnets[0].utilityCidr). Give every subnet a block of its own."
        },
        {
            "a name in capitals",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.140.0/24") with { PrivateName = "Private-A" }] },
            "c.subnets[0].privateName: 'Private-A' is not a kops subnet name"
        },
        {
            "a utility named as another zone's private",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/22", "10.30.140.0/24"), Subnet("us-east-1d", "10.30.132.0/22", "10.30.141.0/24") with { UtilityName = "us-east-1a" }] },
            "c.subnets[1].utilityName: 'us-east-1a' is also c.subnets[0].privateName. Give every subnet its own name."
        },
    };

    [Theory]
    [MemberData(nameof(BadAdoptions))]
    public void Bad_explicit_subnets_are_refused_with_the_field_and_the_fix(string why, ClusterSettings cluster, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => ClusterRules.Check(cluster, "c"));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{why}: {error.Message}");
    }

    [Fact]
    public void The_largest_and_smallest_subnets_kops_can_use_are_accepted()
    {
        ClusterRules.Check(Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/28", "10.30.140.0/27")] }, "c");
        ClusterRules.Check(Adopted with { Subnets = [Subnet("us-east-1a", "10.30.128.0/18", "10.30.192.0/18")] }, "c");
    }

    [Fact]
    public void The_spec_keeps_the_adopted_subnets_names_and_blocks_and_each_zone_egresses_through_its_own_NAT()
    {
        var yaml = KopsSpecRenderer.Render(Adopted with { ControlPlane = new() { Count = 1 } }, ThreeZones, "s3://state", "c");
        var spec = KopsYaml.Cluster(yaml).Map("spec");

        Assert.Equal(
            [
                "private-e Private us-east-1e 10.30.132.0/22 nat-0e",
                "us-east-1a Private us-east-1a 10.30.136.0/22 nat-0a",
                "utility-us-east-1e Utility us-east-1e 10.30.140.0/24 ",
                "public-a Utility us-east-1a 10.30.141.0/24 ",
            ],
            spec.Maps("subnets").Select(s => $"{s.Text("name")} {s.Text("type")} {s.Text("zone")} {s.Text("cidr")} {s.TextOrNull("egress")}"));
        Assert.Equal(
            ["control-plane-us-east-1e: private-e", "nodes: private-e, us-east-1a"],
            KopsYaml.InstanceGroups(yaml).Select(g => $"{g.Map("metadata").Text("name")}: {string.Join(", ", g.Map("spec").Texts("subnets"))}"));
    }

    [Fact]
    public void With_a_single_NAT_every_adopted_zone_uses_it()
    {
        var yaml = KopsSpecRenderer.Render(Adopted, ThreeZones with { NatGatewayIds = ["nat-only"] }, "s3://state", "c");

        Assert.Equal(
            ["nat-only", "nat-only"],
            KopsYaml.Cluster(yaml).Map("spec").Maps("subnets").Where(s => s.Text("type") == "Private").Select(s => s.Text("egress")));
    }

    public static TheoryData<string, ClusterSettings, string> MisplacedAdoptions { get; } = new()
    {
        {
            "a zone the VPC lacks",
            Adopted with { Subnets = [Subnet("us-east-1b", "10.30.128.0/22", "10.30.140.0/24")] },
            "c.subnets[0].zone: us-east-1b is not one of the VPC's zones. Use one of: us-east-1a, us-east-1d, us-east-1e."
        },
        {
            "a private subnet in the private-working tier",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.124.0/22", "10.30.140.0/24")] },
            "c.subnets[0].privateCidr: 10.30.124.0/22 lies outside the VPC's free range 10.30.128.0/17"
        },
        {
            "a utility subnet straddling the free range's start",
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.132.0/22", "10.30.0.0/16")] },
            "c.subnets[0].utilityCidr: 10.30.0.0/16 overlaps the private subnet 10.30.132.0/22"
        },
        {
            "a node group in a VPC zone the cluster has no subnet in",
            Adopted with { NodeGroups = [new NodeGroup { Name = "d", Zones = ["us-east-1d"] }] },
            "c.nodeGroups[0].zones: us-east-1d is not one of the zones of the cluster's subnets. Use some of: us-east-1e, us-east-1a."
        },
        {
            "three control planes on two zones",
            Adopted with { ControlPlane = new() { Count = 3 } },
            "c.controlPlane.count: 3 control-plane instances need 3 zones, but the cluster's subnets span 2. Use 1, or give the cluster at least 3 zones."
        },
    };

    [Theory]
    [MemberData(nameof(MisplacedAdoptions))]
    public void Subnets_outside_the_free_range_or_the_VPCs_zones_fail_the_render(string why, ClusterSettings cluster, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => KopsSpecRenderer.Render(cluster, ThreeZones, "s3://state", "c"));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{why}: {error.Message}");
    }

    [Fact]
    public void A_free_range_from_another_stack_that_reaches_into_a_tier_is_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() => KopsSpecRenderer.Render(
            Adopted with { Subnets = [Subnet("us-east-1a", "10.30.124.0/22", "10.30.140.0/24")] },
            ThreeZones with { ClusterCidr = "10.30.0.0/16" },
            "s3://state",
            "c"));

        Assert.Equal(
            "c.subnets: subnet 10.30.124.0/22 overlaps the VPC's private-working tier 10.30.96.0/19. Give the cluster's subnets blocks in the VPC's free range.",
            error.Message);
    }

    [Fact]
    public void Adopted_subnets_may_not_meet_another_clusters_slot_or_subnets()
    {
        var vpc = IPNetwork.Parse("10.30.0.0/16");
        var freeRange = IPNetwork.Parse("10.30.128.0/17");
        string FieldOf(int i) => $"clusters[{i}]";
        var slotZero = ClusterRulesTests.Valid with { Slot = 0 };
        var slotOne = ClusterRulesTests.Valid with { Name = "one.k8s.example.com", Slot = 1 };
        var other = Adopted with { Name = "other.k8s.example.com", Subnets = [Subnet("us-east-1d", "10.30.140.0/23", "10.30.143.0/24")] };

        // Slot 0 is 10.30.128.0/19, which holds every block of Adopted; slot 1 (10.30.160.0/19) holds none.
        ClusterAddresses.CheckTogether([slotOne, Adopted], vpc, freeRange, ThreeZones.AvailabilityZones, FieldOf);
        var withSlot = Assert.Throws<InvalidInputException>(() =>
            ClusterAddresses.CheckTogether([Adopted, slotZero], vpc, freeRange, ThreeZones.AvailabilityZones, FieldOf));
        var withSubnets = Assert.Throws<InvalidInputException>(() =>
            ClusterAddresses.CheckTogether([Adopted, other], vpc, freeRange, ThreeZones.AvailabilityZones, FieldOf));

        Assert.Equal(
            "clusters[1].slot: 10.30.128.0/19 overlaps 10.30.132.0/22, which legacy.k8s.example.com holds (clusters[0].subnets[0].privateCidr). "
                + "Clusters never share addresses: give each its own slot, or adopted subnets clear of the others.",
            withSlot.Message);
        Assert.StartsWith(
            "clusters[1].subnets[0].privateCidr: 10.30.140.0/23 overlaps 10.30.140.0/24, which legacy.k8s.example.com holds (clusters[0].subnets[0].utilityCidr).",
            withSubnets.Message,
            StringComparison.Ordinal);
    }

    public static TheoryData<string, string> OwnedOverrides { get; } = new()
    {
        { """{"kubernetesVersion":"1.36.0"}""", "c.specOverrides.kubernetesVersion: the patch writes kubernetesVersion, which c.kubernetesVersion decides. Remove it from specOverrides and set c.kubernetesVersion instead." },
        { """{"subnets":[]}""", "c.specOverrides.subnets: the patch writes subnets, which slot or subnets decides." },
        { """{"networkID":"vpc-other"}""", "c.specOverrides.networkID: the patch writes networkID, which the stack's network decides." },
        { """{"configBase":"s3://elsewhere/x"}""", "c.specOverrides.configBase: the patch writes configBase, which the stack's kops-platform:stateStore decides." },
        { """{"api":{"loadBalancer":{"type":"Internal"}}}""", "c.specOverrides.api.loadBalancer.type: the patch writes api.loadBalancer.type, which c.apiLoadBalancer decides." },
        { """{"api":null}""", "c.specOverrides.api: the patch writes api.loadBalancer.type, which c.apiLoadBalancer decides." },
        { """{"topology":{"dns":"x"}}""", "c.specOverrides.topology.dns: the patch writes topology.dns.type, which c.dns.type decides." },
        { """{"kubernetesVersion":{"major":1}}""", "c.specOverrides.kubernetesVersion.major: the patch writes kubernetesVersion, which c.kubernetesVersion decides." },
        { """{"certManager":{"enabled":false}}""", "c.specOverrides.certManager.enabled: the patch writes certManager.enabled, which c.addons.certManager decides." },
        { """{"serviceAccountIssuerDiscovery":{"discoveryStore":"s3://x"}}""", "which c.irsa decides" },
    };

    [Theory]
    [MemberData(nameof(OwnedOverrides))]
    public void An_override_of_what_a_setting_decides_is_refused_naming_the_setting(string patch, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => ClusterRules.Check(Adopted with { SpecOverrides = JsonNode.Parse(patch)!.AsObject() }, "c"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_merge_into_the_spec_remove_with_null_and_replace_arrays_in_the_key_order_kops_prints()
    {
        var patch = JsonNode.Parse("""
            {
              "kubelet": { "anonymousAuth": false, "maxPods": 110 },
              "api": { "loadBalancer": { "idleTimeoutSeconds": 3600 } },
              "nodeTerminationHandler": { "enableSQSTerminationDraining": null },
              "additionalPolicies": { "node": "[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]" },
              "kubeProxy": { "enabled": false, "metricsBindAddress": "0.0.0.0", "cpuRequest": "true" },
              "containerd": { "registryMirrors": { "docker.io": ["https://mirror.example.com"] } }
            }
            """)!.AsObject();

        var spec = KopsYaml.Cluster(KopsSpecRenderer.Render(Adopted with { SpecOverrides = patch }, ThreeZones, "s3://state", "c")).Map("spec");
        var plain = KopsYaml.Cluster(KopsSpecRenderer.Render(Adopted, ThreeZones, "s3://state", "c")).Map("spec");

        Assert.Equal(
            [
                "additionalPolicies", "api", "authorization", "certManager", "cloudProvider", "clusterAutoscaler", "configBase", "containerd",
                "encryptionConfig", "etcdClusters", "iam", "kubeProxy", "kubelet", "kubernetesApiAccess", "kubernetesVersion", "metricsServer",
                "networkCIDR", "networkID", "networking", "nodeTerminationHandler", "nonMasqueradeCIDR", "sshAccess", "subnets", "topology",
            ],
            spec.Children.Keys.Select(k => k.ToString()));
        Assert.Equal(
            spec.Children.Keys.Select(k => k.ToString()).Except(["additionalPolicies", "containerd", "kubeProxy"]),
            plain.Children.Keys.Select(k => k.ToString()));
        Assert.Equal("kubelet: anonymousAuth=false maxPods=110", $"kubelet: {string.Join(" ", spec.Map("kubelet").Children.Select(c => $"{c.Key}={c.Value}"))}");
        Assert.Equal("Network Public 3600", $"{spec.Map("api").Map("loadBalancer").Text("class")} {spec.Map("api").Map("loadBalancer").Text("type")} {spec.Map("api").Map("loadBalancer").Text("idleTimeoutSeconds")}");
        Assert.Equal(["enabled"], spec.Map("nodeTerminationHandler").Children.Keys.Select(k => k.ToString()));
        Assert.Equal(["https://mirror.example.com"], spec.Map("containerd").Map("registryMirrors").Texts("docker.io"));
        Assert.Equal("[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]", spec.Map("additionalPolicies").Text("node"));
    }

    [Fact]
    public void Overridden_values_keep_their_kind_a_string_that_reads_as_a_boolean_stays_a_string()
    {
        var patch = JsonNode.Parse("""{"kubeProxy":{"enabled":false,"cpuRequest":"true","cpuLimit":"100m","conntrackMaxPerCore":0.5}}""")!.AsObject();

        var yaml = KopsSpecRenderer.Render(Adopted with { SpecOverrides = patch }, ThreeZones, "s3://state", "c");

        Assert.Contains("  kubeProxy:\n    conntrackMaxPerCore: 0.5\n    cpuLimit: 100m\n    cpuRequest: \"true\"\n    enabled: false\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_patch_changes_nothing()
    {
        Assert.Equal(
            KopsSpecRenderer.Render(Adopted, ThreeZones, "s3://state", "c"),
            KopsSpecRenderer.Render(Adopted with { SpecOverrides = [] }, ThreeZones, "s3://state", "c"));
    }

    [Fact]
    public void The_audit_policy_stays_a_literal_block_when_the_spec_is_patched()
    {
        var patch = JsonNode.Parse("""{"kubeAPIServer":{"auditLogMaxBackups":3}}""")!.AsObject();

        var yaml = KopsSpecRenderer.Render(Adopted with { AuditLogging = true, SpecOverrides = patch }, ThreeZones, "s3://state", "c");

        Assert.Contains("  - content: |\n      apiVersion: audit.k8s.io/v1\n      kind: Policy\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    auditLogMaxBackups: 3\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    auditLogPath: /var/log/kube-apiserver-audit.log\n", yaml, StringComparison.Ordinal);
    }
}
