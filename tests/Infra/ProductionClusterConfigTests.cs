using System.Text.Json.Nodes;
using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Infra;

/// <summary>Each production option's bad input, set on the dev stack's cluster: refused at preview, naming the key, before any resource.</summary>
[Collection(PulumiEngine.Name)]
public class ProductionClusterConfigTests
{
    private const string C = "kops-platform:clusters[0]";

    public static TheoryData<string, string> BadSettings { get; } = new()
    {
        { """{"tags":{"Name":"web"}}""", $"{C}.tags: 'Name' is a tag kops sets itself on the cluster's resources" },
        { """{"tags":{"KubernetesCluster":"x"}}""", $"{C}.tags: 'KubernetesCluster' is a tag kops sets itself" },
        { """{"tags":{"kubernetes.io/cluster/dev":"owned"}}""", $"{C}.tags: 'kubernetes.io/cluster/dev' is a tag kops sets itself" },
        { """{"tags":{"AWS:createdBy":"me"}}""", $"{C}.tags: 'AWS:createdBy' starts with aws:" },
        { """{"nodeGroups":[{"name":"a"}]}""", $"{C}.nodeGroups: both {C}.nodes and {C}.nodeGroups are set" },
        { """{"nodes":null,"nodeGroups":[]}""", $"{C}.nodeGroups: the list is empty" },
        { """{"nodes":null,"nodeGroups":[{"name":"Workers"}]}""", $"{C}.nodeGroups[0].name: 'Workers' is not a usable InstanceGroup name" },
        { """{"nodes":null,"nodeGroups":[{"name":"control-plane-x"}]}""", $"{C}.nodeGroups[0].name: 'control-plane-x' is not a usable InstanceGroup name" },
        { """{"nodes":null,"nodeGroups":[{"machineType":"t3.large"}]}""", $"{C}.nodeGroups[0].name: missing" },
        { """{"nodes":null,"nodeGroups":[{"name":"a"},{"name":"a"}]}""", $"{C}.nodeGroups[1].name: 'a' names another group of the cluster too" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","machineType":""}]}""", $"{C}.nodeGroups[0].machineType: '' is not an EC2 instance type" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","machineType":"t3large"}]}""", $"{C}.nodeGroups[0].machineType: 't3large' is not an EC2 instance type" },
        { """{"nodes":{"machineType":"m6i. large"}}""", $"{C}.nodes.machineType: 'm6i. large' is not an EC2 instance type" },
        { """{"controlPlane":{"machineType":"m6i"}}""", $"{C}.controlPlane.machineType: 'm6i' is not an EC2 instance type" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","min":5,"max":2}]}""", $"{C}.nodeGroups[0]: min 5 and max 2 give no valid size. Use 0 <= min <= max." },
        { """{"nodes":null,"nodeGroups":[{"name":"a","min":-1}]}""", $"{C}.nodeGroups[0]: min -1 and max 4 give no valid size" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","zones":[]}]}""", $"{C}.nodeGroups[0].zones: no zone is listed" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","zones":["us-east-1a","us-east-1a"]}]}""", $"{C}.nodeGroups[0].zones: a zone is listed twice" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","zones":["us-east-1b"]}]}""", $"{C}.nodeGroups[0].zones: us-east-1b is not one of the VPC's zones. Use some of: us-east-1a, us-east-1d." },
        { """{"nodes":null,"nodeGroups":[{"name":"a","perZone":true},{"name":"a-us-east-1d"}]}""", $"{C}.nodeGroups[1].name: its InstanceGroup a-us-east-1d is also one of {C}.nodeGroups[0]" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"onDemandAboveBase":101}}]}""", $"{C}.nodeGroups[0].spot.onDemandAboveBase: 101 is not a percentage" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"onDemandAboveBase":-1}}]}""", $"{C}.nodeGroups[0].spot.onDemandAboveBase: -1 is not a percentage" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"onDemandBase":-1}}]}""", $"{C}.nodeGroups[0].spot.onDemandBase: -1 is negative" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"instanceTypes":["t3.large"]}}]}""", $"{C}.nodeGroups[0].spot.instanceTypes[0]: t3.large is listed twice" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"instanceTypes":["t3a.large","t3a.large"]}}]}""", $"{C}.nodeGroups[0].spot.instanceTypes[1]: t3a.large is listed twice" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","spot":{"instanceTypes":["large"]}}]}""", $"{C}.nodeGroups[0].spot.instanceTypes[0]: 'large' is not an EC2 instance type" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","labels":{"bad key":"x"}}]}""", $"{C}.nodeGroups[0].labels: 'bad key: x' is not a Kubernetes label" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","labels":{"tier":"a value with spaces"}}]}""", $"{C}.nodeGroups[0].labels: 'tier: a value with spaces' is not a Kubernetes label" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","taints":["gpu"]}]}""", $"{C}.nodeGroups[0].taints: 'gpu' is not a taint" },
        { """{"nodes":null,"nodeGroups":[{"name":"a","taints":["gpu=true:NoRun"]}]}""", $"{C}.nodeGroups[0].taints: 'gpu=true:NoRun' is not a taint" },
        { """{"addons":{"certManager":false}}""", $"{C}.addons.metricsServer: the metrics server is served securely, with a certificate from cert-manager, but {C}.addons.certManager is off" },
        { """{"addons":{"certManager":false,"metricsServer":false,"awsLoadBalancerController":true}}""", $"{C}.addons.awsLoadBalancerController: the AWS Load Balancer Controller's webhook needs a certificate from cert-manager, but {C}.addons.certManager is off" },
        { """{"addons":{"karpenter":true}}""", $"{C}.addons.karpenter: unknown key" },
        { """{"irsa":"yes"}""", $"{C}.irsa: has a value of the wrong kind" },
        { """{"encryptionConfig":"on"}""", $"{C}.encryptionConfig: has a value of the wrong kind" },
        { """{"auditLogging":1}""", $"{C}.auditLogging: has a value of the wrong kind" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_production_setting_fails_before_any_resource_naming_its_key(string settings, string message)
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = WithSettings((string)config["kops-platform:clusters"], settings);

        await PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, message);
    }

    [Fact]
    public async Task The_networks_tags_follow_kops_rules_too_once_it_carries_clusters()
    {
        var config = StackConfig.Load("dev");
        var network = JsonNode.Parse((string)config["kops-platform:network"])!.AsObject();
        network["tags"] = JsonNode.Parse("""{"Name":"dev-vpc"}""");
        config["kops-platform:network"] = network.ToJsonString();

        await PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, "kops-platform:network.tags: 'Name' is a tag kops sets itself");
    }

    [Theory]
    [InlineData("""{"nodes":null,"nodeGroups":[{"name":"a","min":0,"max":0}]}""")]
    [InlineData("""{"nodes":null,"nodeGroups":[{"name":"a","min":3,"max":3,"taints":["dedicated:NoExecute"],"labels":{"example.com/tier":""}}]}""")]
    [InlineData("""{"nodes":null,"nodeGroups":[{"name":"a","spot":{"onDemandAboveBase":100,"onDemandBase":0}}]}""")]
    [InlineData("""{"tags":{"Name-suffix":"x","kubernetes.io/role":"y"}}""")]
    [InlineData("""{"addons":{"certManager":false,"metricsServer":false}}""")]
    public async Task Settings_at_their_limits_are_accepted(string settings)
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = WithSettings((string)config["kops-platform:clusters"], settings);

        await PulumiRun.Stack<PlatformStack>(new AwsMocks(), config, preview: true);
    }

    /// <summary>The dev cluster with the given keys set (null removes a key).</summary>
    private static string WithSettings(string clusters, string settings)
    {
        var list = JsonNode.Parse(clusters)!.AsArray();
        var cluster = list[0]!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(settings)!.AsObject())
        {
            if (value is null)
            {
                cluster.Remove(key);
            }
            else
            {
                cluster[key] = value.DeepClone();
            }
        }

        return list.ToJsonString();
    }
}
