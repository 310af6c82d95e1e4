using KopsPlatform.Infra;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Migrate;

/// <summary>
/// The cluster half of issue 12's round trip: the entry <c>kops-cluster</c> writes for the stored spec, put into the stack
/// file <c>terraform-vpc</c> writes for the VPC the cluster runs in (Fixtures/three-zones-per-az-nat-s3.tfstate.json,
/// whose ids the mock engine hands out as the import would), loaded and rendered as the stack does it, gives the
/// cluster the subnets, egress and VPC the store has; with the suggested specOverrides, every field no setting owns is
/// the stored one.
/// </summary>
[Collection(PulumiEngine.Name)]
public class KopsClusterRoundTripTests
{
    private const string ClusterName = "prod.k8s.example.com";
    private const string SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHvTn0ZkQ0h9VcB0d2J1u5m7Xq3yqz1bWb8C9yD7fE1a ops@example.com";

    private static readonly string StoredCluster = MigrateRun.Fixture("kops/prod-cluster.yaml");

    [Fact]
    public async Task The_entry_renders_on_the_migrated_VPC_with_the_stored_subnets_egress_and_networkID()
    {
        var spec = KopsYaml.Cluster(await StackSpec(withOverrides: false)).Map("spec");
        var stored = KopsYaml.Cluster(await File.ReadAllTextAsync(StoredCluster)).Map("spec");

        Assert.Equal("vpc-01000000000000000", spec.Text("networkID"));
        Assert.Equal(stored.Text("networkID"), spec.Text("networkID"));
        Assert.Equal(stored.Text("networkCIDR"), spec.Text("networkCIDR"));
        Assert.Equal(Subnets(stored), Subnets(spec));
        Assert.Equal(
            [
                "10.30.128.0/22 us-east-1a us-east-1a Private nat-01800000000000000",
                "10.30.136.0/22 us-east-1d us-east-1d Private nat-01800000000000001",
                "10.30.144.0/22 us-east-1e us-east-1e Private nat-01800000000000002",
                "10.30.152.0/24 utility-us-east-1a us-east-1a Utility -",
                "10.30.153.0/24 utility-us-east-1d us-east-1d Utility -",
                "10.30.154.0/24 utility-us-east-1e us-east-1e Utility -",
            ],
            Subnets(spec));
    }

    [Fact]
    public async Task With_the_suggested_overrides_only_what_settings_own_or_kops_fills_in_differs_from_the_store()
    {
        var rendered = KopsYaml.Cluster(await StackSpec(withOverrides: true));
        var stored = KopsYaml.Cluster(await File.ReadAllTextAsync(StoredCluster));

        var (have, want) = (Fields(stored), Fields(rendered));
        var differing = have.Keys.Union(want.Keys).Where(key => have.GetValueOrDefault(key) != want.GetValueOrDefault(key)).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "metadata.creationTimestamp: 2024-03-11T09:42:17Z -> (unset)",        // kops's bookkeeping
                "spec.channel: stable -> (unset)",                                      // kops's default channel
                "spec.cloudLabels.Author: (unset) -> Fairwinds",                        // the network's tags (tags)
                "spec.cloudLabels.Managed By: (unset) -> Terraform",
                "spec.etcdClusters[events].cpuRequest: 100m -> (unset)",                // controlPlane.count owns etcdClusters
                "spec.etcdClusters[events].manager.backupRetentionDays: 90 -> (unset)", // kops fills it in again
                "spec.etcdClusters[events].memoryRequest: 100Mi -> (unset)",            // etcd-manager's default
                "spec.etcdClusters[main].cpuRequest: 200m -> (unset)",                  // etcd-manager's default
                "spec.etcdClusters[main].manager.backupRetentionDays: 90 -> (unset)",
                "spec.etcdClusters[main].memoryRequest: 100Mi -> (unset)",
                "spec.masterPublicName: api.prod.k8s.example.com -> (unset)",           // kops fills it in again
                "spec.nodeTerminationHandler.enableSQSTerminationDraining: (unset) -> true", // kops's defaults
                "spec.nodeTerminationHandler.enabled: (unset) -> true",
            ],
            differing.Select(key => $"{key}: {have.GetValueOrDefault(key) ?? "(unset)"} -> {want.GetValueOrDefault(key) ?? "(unset)"}"));
    }

    [KopsCrdFact]
    public async Task The_spec_rendered_with_the_suggested_overrides_fits_the_kops_schema()
    {
        var schemas = CrdSchema.LoadAll(Environment.GetEnvironmentVariable(KopsCrdFactAttribute.Variable)!).ToDictionary(s => (s.ApiVersion, s.Kind));

        var problems = KopsYaml.Documents(await StackSpec(withOverrides: true))
            .SelectMany(document => schemas[(document.Text("apiVersion"), document.Text("kind"))].Validate(document)
                .Select(problem => $"{document.Text("kind")} {document.Map("metadata").Text("name")}{problem}"));

        Assert.Empty(problems);
        Assert.Contains((KopsSpecRenderer.ApiVersion, "Cluster"), schemas.Keys);
    }

    /// <summary>
    /// The cluster's spec as the stack renders it from the migrated VPC's stack file and the written entry, with the SSH
    /// key the team adds and, with <paramref name="withOverrides"/>, the diff's suggested specOverrides appended to it.
    /// </summary>
    private static async Task<string> StackSpec(bool withOverrides)
    {
        using var network = new MigrateRun();
        Assert.Equal(0, network.TerraformVpc("three-zones-per-az-nat-s3.tfstate.json", "prod").ExitCode);
        using var run = new MigrateRun();
        Assert.Equal(0, run.KopsCluster("prod-cluster.yaml", "prod-instancegroups.yaml", "prod").ExitCode);

        var entry = run.Written($"{ClusterName}.yaml");
        const string keyLine = "      # sshPublicKey: the key to install, e.g. ssh-ed25519 AAAA… ops@example.com (required; the store doesn't show\n";
        Assert.Contains(keyLine, entry, StringComparison.Ordinal);
        entry = entry.Replace(keyLine, $"      sshPublicKey: {SshPublicKey}\n", StringComparison.Ordinal);
        if (withOverrides)
        {
            var diff = run.Written($"{ClusterName}-diff.txt");
            entry += diff[(diff.IndexOf("      specOverrides:\n", StringComparison.Ordinal))..];
        }

        var entryFile = Path.Combine(run.Root, "entry.yaml");
        await File.WriteAllTextAsync(entryFile, entry);
        var config = StackConfig.LoadFile(Path.Combine(network.Out, "Pulumi.prod.yaml"));
        foreach (var (key, value) in StackConfig.LoadFile(entryFile))
        {
            config[key] = value;
        }

        var mocks = new AwsMocks((string)config["aws:region"]);
        foreach (var imported in TerraformVpcRoundTripTests.ImportEntries(network.Written("import.json")).Where(e => e.Id is not null))
        {
            mocks.Ids[(imported.Type, imported.Name)] = imported.Id!;
        }

        var resources = await PulumiRun.Stack<PlatformStack>(mocks, config, stack: "prod");
        return (await resources.OfType<PlatformStack>().Single().KopsSpecs.Value())[ClusterName];
    }

    private static string[] Subnets(YamlMappingNode spec) =>
    [
        .. spec.Maps("subnets")
            .Select(subnet => $"{subnet.Text("cidr")} {subnet.Text("name")} {subnet.Text("zone")} {subnet.Text("type")} {subnet.TextOrNull("egress") ?? "-"}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Every scalar of a document by its path; items of lists of named maps by name, other lists whole.</summary>
    private static Dictionary<string, string> Fields(YamlNode document)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        Walk(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}");
                    }

                    break;
                case YamlSequenceNode list when list.Children.All(item => item is YamlMappingNode m && m.Children.ContainsKey("name")):
                    foreach (var item in list.Children.Cast<YamlMappingNode>())
                    {
                        Walk(item, $"{path}[{item.Text("name")}]");
                    }

                    break;
                case YamlSequenceNode list:
                    fields[path] = string.Join(", ", list.Children.Select(item => item.ToString()));
                    break;
                default:
                    fields[path] = ((YamlScalarNode)node).Value ?? "";
                    break;
            }
        }

        Walk(document, "");
        return fields;
    }
}
