using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KopsPlatform.Kops;
using KopsPlatform.Migrate.KopsCluster;

namespace KopsPlatform.Migrate.Output;

/// <summary>
/// <c>DIR/CLUSTER.yaml</c>: the stack config that adopts a running cluster, ready to paste into
/// <c>Pulumi.&lt;stack&gt;.yaml</c>: the existing state store, and the cluster's <c>kops-platform:clusters</c> entry
/// with explicit subnets. Every value is written out, defaults too where a new cluster's default differs (irsa).
/// </summary>
public static class ClusterEntryFile
{
    /// <summary>Where the entry's keys sit in the file, so that lines added at this indent belong to it.</summary>
    public const int EntryIndent = 6;

    public static string FileName(string cluster) => $"{cluster}.yaml";

    /// <param name="origin">The files it came from, for the header comment.</param>
    public static string Render(AdoptedCluster adopted, string origin, string stack, string diffFile)
    {
        var settings = adopted.Settings;
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append('\n');

        Line($"# Written by KopsPlatform.Migrate kops-cluster from {origin}.");
        Line($"# It adopts {settings.Name} as it runs: its subnets where kops made them (instead of a slot) and its state");
        Line($"# store. Review {diffFile} first, add the cluster's SSH public key (below) and the specOverrides you keep,");
        Line($"# then put both keys under config: in Pulumi.{stack}.yaml: stateStore as it is (every cluster of the stack shares");
        Line("# it), and the entry into the kops-platform:clusters list (README: Migrating from terraform-vpc and kops).");
        Line("config:");
        Line("  kops-platform:stateStore:");
        Line($"    bucket: {YamlText.Scalar(adopted.Bucket)}");
        Line("  kops-platform:clusters:");
        YamlText.AppendItem(yaml, EntryIndent - 2, Entry(settings));
        Line($"{new string(' ', EntryIndent)}# sshPublicKey: the key to install, e.g. ssh-ed25519 AAAA… ops@example.com (required; the store doesn't show");
        Line($"{new string(' ', EntryIndent)}# the cluster's, and the first apply replaces it with this one)");
        return yaml.ToString();
    }

    private static JsonObject Entry(ClusterSettings settings)
    {
        var entry = new JsonObject
        {
            ["name"] = settings.Name,
            ["kubernetesVersion"] = settings.KubernetesVersion,
            ["subnets"] = new JsonArray([.. settings.Subnets!.Select(subnet => Members(
                ("zone", subnet.Zone),
                ("privateCidr", subnet.PrivateCidr),
                ("utilityCidr", subnet.UtilityCidr),
                ("privateName", subnet.PrivateName),
                ("utilityName", subnet.UtilityName)))]),
            ["controlPlane"] = new JsonObject { ["count"] = settings.ControlPlane.Count, ["machineType"] = settings.ControlPlane.MachineType },
        };
        if (settings.Nodes is { } nodes)
        {
            entry["nodes"] = new JsonObject { ["machineType"] = nodes.MachineType, ["min"] = nodes.Min, ["max"] = nodes.Max };
        }
        else
        {
            entry["nodeGroups"] = new JsonArray([.. settings.NodeGroups!.Select(NodeGroup)]);
        }

        entry["apiAccess"] = Strings(settings.ApiAccess);
        entry["sshAccess"] = Strings(settings.SshAccess ?? []);
        entry["apiLoadBalancer"] = Camel(settings.ApiLoadBalancer);
        entry["dns"] = settings.Dns.Zone is { } zone
            ? new JsonObject { ["type"] = settings.Dns.Type.ToString(), ["zone"] = zone }
            : new JsonObject { ["type"] = settings.Dns.Type.ToString() };
        entry["networking"] = Camel(settings.Networking);
        if (settings.Image is { } image)
        {
            entry["image"] = image;
        }

        if (settings.Channel != ClusterSettings.DefaultChannel)
        {
            entry["channel"] = settings.Channel;
        }

        entry["tags"] = new JsonObject([.. settings.Tags.Select(tag => KeyValuePair.Create(tag.Key, (JsonNode?)tag.Value))]);
        entry["addons"] = new JsonObject
        {
            ["metricsServer"] = settings.Addons.MetricsServer,
            ["certManager"] = settings.Addons.CertManager,
            ["awsLoadBalancerController"] = settings.Addons.AwsLoadBalancerController,
            ["nodeTerminationHandler"] = settings.Addons.NodeTerminationHandler,
        };
        entry["irsa"] = settings.Irsa == true;
        entry["encryptionConfig"] = settings.EncryptionConfig;
        return entry;
    }

    private static JsonObject NodeGroup(NodeGroup group)
    {
        var json = new JsonObject { ["name"] = group.Name, ["machineType"] = group.MachineType, ["min"] = group.Min, ["max"] = group.Max };
        if (group.Zones is { } zones)
        {
            json["zones"] = Strings(zones);
        }

        if (group.PerZone)
        {
            json["perZone"] = true;
        }

        if (group.Spot is { } spot)
        {
            json["spot"] = new JsonObject
            {
                ["onDemandBase"] = spot.OnDemandBase,
                ["onDemandAboveBase"] = spot.OnDemandAboveBase,
                ["instanceTypes"] = Strings(spot.InstanceTypes),
            };
        }

        if (group.Labels.Count > 0)
        {
            json["labels"] = new JsonObject([.. group.Labels.Select(label => KeyValuePair.Create(label.Key, (JsonNode?)label.Value))]);
        }

        if (group.Taints.Count > 0)
        {
            json["taints"] = Strings(group.Taints);
        }

        return json;
    }

    private static JsonObject Members(params (string Key, string? Value)[] members) =>
        new([.. members.Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]);

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(item => (JsonNode?)item)]);

    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
