using KopsPlatform.Infra;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// The specs the dev and prod stacks render, byte for byte. After an intended change, regenerate them with
/// <c>UPDATE_GOLDEN=1 dotnet test</c> (which then fails, so it can't pass unnoticed) and review the diff like any other.
/// </summary>
[Collection(PulumiEngine.Name)]
public class KopsSpecGoldenTests
{
    [Theory]
    [InlineData("dev", "dev.k8s.example.com")]
    [InlineData("prod", "prod.k8s.example.com")]
    public async Task The_stack_renders_its_golden_spec(string stack, string cluster)
    {
        await Golden.Check((await StackSpecs(stack))[cluster], "Kops", "Golden", $"{stack}.yaml");
    }

    [Fact]
    public async Task A_cluster_that_keeps_its_nodes_group_keeps_the_instance_groups_it_had_before_node_groups()
    {
        static IEnumerable<string> InstanceGroups(string spec) => spec.Split("---\n").Where(document => document.Contains("kind: InstanceGroup\n", StringComparison.Ordinal));
        var before = await File.ReadAllTextAsync(Golden.PathOf("Kops", "Golden", "dev-before-production-features.yaml"));

        var spec = (await StackSpecs("dev"))["dev.k8s.example.com"];

        Assert.Equal(2, InstanceGroups(before).Count());
        Assert.Equal(InstanceGroups(before), InstanceGroups(spec));
    }

    /// <summary>A cluster that sets every production option, rendered directly: tests/Kops/Golden/every-option.yaml.</summary>
    [Fact]
    public async Task A_cluster_using_every_option_renders_its_golden_spec()
    {
        await Golden.Check(EveryOption(), "Kops", "Golden", "every-option.yaml");
    }

    /// <summary>An adopted cluster (explicit subnets, overrides): tests/Kops/Golden/adopted.yaml.</summary>
    [Fact]
    public async Task An_adopted_cluster_with_overrides_renders_its_golden_spec()
    {
        await Golden.Check(Adopted(), "Kops", "Golden", "adopted.yaml");
    }

    [KopsCrdFact]
    public async Task Every_rendered_document_fits_the_kops_schema_with_no_unknown_keys()
    {
        var schemas = CrdSchema.LoadAll(Environment.GetEnvironmentVariable(KopsCrdFactAttribute.Variable)!)
            .ToDictionary(s => (s.ApiVersion, s.Kind));
        Assert.Contains((KopsSpecRenderer.ApiVersion, "Cluster"), schemas.Keys);
        Assert.Contains((KopsSpecRenderer.ApiVersion, "InstanceGroup"), schemas.Keys);

        var specs = (await StackSpecs("dev")).Values.Concat((await StackSpecs("prod")).Values).Concat(Variants()).Append(EveryOption()).Append(Adopted());
        var problems = specs
            .SelectMany(KopsYaml.Documents)
            .SelectMany(document =>
            {
                var key = (document.Text("apiVersion"), document.Text("kind"));
                return schemas.TryGetValue(key, out var schema)
                    ? schema.Validate(document).Select(problem => $"{key.Item2} {document.Map("metadata").Text("name")}{problem}")
                    : [$"no schema for {key}"];
            });

        Assert.Empty(problems);
    }

    [KopsCrdFact]
    public void The_schema_check_catches_misplaced_keys_and_mistyped_values()
    {
        var cluster = CrdSchema.LoadAll(Environment.GetEnvironmentVariable(KopsCrdFactAttribute.Variable)!).Single(s => s.Kind == "Cluster");
        var document = KopsYaml.Documents("""
            apiVersion: kops.k8s.io/v1alpha2
            kind: Cluster
            metadata: { name: x.example.com }
            spec:
              networking: { networkID: vpc-1, cilium: {} }
              kubelet: { anonymousAuth: "false", maxPods: many }
              sshAccess: [yes]
              subnet: []
            """)[0];

        Assert.Equal(
            [
                ".spec.networking.networkID: not in the schema (kops would drop it)",
                ".spec.kubelet.anonymousAuth: expected a boolean, found 'false' (string)",
                ".spec.kubelet.maxPods: expected a integer, found 'many' (string)",
                ".spec.sshAccess[0]: expected a string, found 'yes' (boolean)",
                ".spec.subnet: not in the schema (kops would drop it)",
            ],
            cluster.Validate(document));
    }

    /// <summary>The choices the stacks don't make: Route53 DNS, an internal API, calico, SSH ranges.</summary>
    private static IEnumerable<string> Variants()
    {
        var network = new ClusterNetwork("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a", "us-east-1b", "us-east-1c"], ["nat-0a"]);
        var cluster = ClusterRulesTests.Valid with { ControlPlane = new() { Count = 3 } };
        return
        [
            KopsSpecRenderer.Render(cluster with { Dns = new() { Type = DnsType.Public, Zone = "example.com" } }, network, "s3://state", "f"),
            KopsSpecRenderer.Render(cluster with { ApiLoadBalancer = ApiLoadBalancerType.Internal, Networking = NetworkingProvider.Calico }, network, "s3://state", "f"),
            KopsSpecRenderer.Render(cluster with { SshAccess = ["198.51.100.0/24"], Dns = new() { Type = DnsType.Private, Zone = "k8s.internal" } }, network, "s3://state", "f"),
            KopsSpecRenderer.Render(cluster with { Image = "ami-0123456789abcdef0", Channel = "alpha" }, network, "s3://state", "f"),
            KopsSpecRenderer.Render(
                cluster with
                {
                    Addons = new() { MetricsServer = false, CertManager = false, NodeTerminationHandler = false },
                    EncryptionConfig = false,
                    Nodes = new() { Min = 3, Max = 3 },
                },
                network,
                "s3://state",
                "f"),
        ];
    }

    /// <summary>Every option on: tags over network tags, per-zone, Spot and zone-limited groups, every add-on, IRSA, audit logging.</summary>
    internal static string EveryOption() => KopsSpecRenderer.Render(
        ClusterRulesTests.Valid with
        {
            ControlPlane = new() { Count = 3 },
            Tags = new Dictionary<string, string> { ["team"] = "payments", ["cost-centre"] = "cc-42" },
            NodeGroups =
            [
                new NodeGroup { Name = "general", MachineType = "m6i.large", Min = 1, Max = 5, PerZone = true },
                new NodeGroup
                {
                    Name = "spot",
                    MachineType = "c6i.xlarge",
                    Min = 0,
                    Max = 20,
                    Spot = new SpotSettings { OnDemandBase = 1, OnDemandAboveBase = 10, InstanceTypes = ["c6a.xlarge", "c5.xlarge"] },
                    Labels = new Dictionary<string, string> { ["example.com/capacity"] = "spot", ["workload"] = "batch" },
                    Taints = ["example.com/capacity=spot:NoSchedule", "dedicated:PreferNoSchedule"],
                },
                new NodeGroup { Name = "gpu", MachineType = "g5.xlarge", Min = 0, Max = 0, Zones = ["us-east-1b"], Labels = new Dictionary<string, string> { ["yes"] = "on" } },
            ],
            Addons = new() { AwsLoadBalancerController = true },
            Irsa = true,
            AuditLogging = true,
        },
        new ClusterNetwork(
            "vpc-0abc",
            "10.20.0.0/16",
            "10.20.128.0/17",
            ["us-east-1a", "us-east-1b", "us-east-1c"],
            ["nat-0a", "nat-0b", "nat-0c"],
            new Dictionary<string, string> { ["team"] = "platform", ["environment"] = "staging" }),
        "s3://state",
        "f",
        "s3://oidc-discovery");

    /// <summary>
    /// A cluster kops built before the stack, on the migrated VPC of the terraform-vpc fixtures: its own subnet
    /// names and blocks, and overrides that keep what the settings don't model.
    /// </summary>
    private static string Adopted() => KopsSpecRenderer.Render(
        AdoptedClusterTests.Adopted with
        {
            AuditLogging = true,
            SpecOverrides = System.Text.Json.Nodes.JsonNode.Parse("""
                {
                  "kubelet": { "anonymousAuth": false },
                  "kubeAPIServer": { "auditLogMaxBackups": 3 },
                  "kubeProxy": { "metricsBindAddress": "0.0.0.0" },
                  "additionalPolicies": { "node": "[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::assets/*\"]}]" },
                  "nodeTerminationHandler": { "enableSQSTerminationDraining": null }
                }
                """)!.AsObject(),
        },
        new ClusterNetwork("vpc-01000000000000000", "10.30.0.0/16", "10.30.128.0/17", ["us-east-1a", "us-east-1d", "us-east-1e"], ["nat-01800000000000000", "nat-01800000000000001", "nat-01800000000000002"]),
        "s3://legacy-kops-state",
        "f");

    private static async Task<IReadOnlyDictionary<string, string>> StackSpecs(string stack)
    {
        var resources = await PulumiRun.Stack<PlatformStack>(new AwsMocks(), StackConfig.Load(stack), stack: stack);
        return await resources.OfType<PlatformStack>().Single().KopsSpecs.Value();
    }
}
