using KopsPlatform.Infra;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// The specs the dev and prod stacks render, byte for byte. After an intended change, regenerate them with
/// <c>UPDATE_GOLDEN=1 dotnet test</c> and review the diff like any other.
/// </summary>
[Collection(PulumiEngine.Name)]
public class KopsSpecGoldenTests
{
    [Theory]
    [InlineData("dev", "dev.k8s.example.com")]
    [InlineData("prod", "prod.k8s.example.com")]
    public async Task The_stack_renders_its_golden_spec(string stack, string cluster)
    {
        var spec = (await StackSpecs(stack))[cluster];
        var golden = Path.Combine(StackConfig.RepositoryRoot, "tests", "Kops", "Golden", $"{stack}.yaml");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, spec);
        }

        Assert.Equal(await File.ReadAllTextAsync(golden), spec);
    }

    [KopsCrdFact]
    public async Task Every_rendered_document_fits_the_kops_schema_with_no_unknown_keys()
    {
        var schemas = CrdSchema.LoadAll(Environment.GetEnvironmentVariable(KopsCrdFactAttribute.Variable)!)
            .ToDictionary(s => (s.ApiVersion, s.Kind));
        Assert.Contains((KopsSpecRenderer.ApiVersion, "Cluster"), schemas.Keys);
        Assert.Contains((KopsSpecRenderer.ApiVersion, "InstanceGroup"), schemas.Keys);

        var specs = (await StackSpecs("dev")).Values.Concat((await StackSpecs("prod")).Values).Concat(Variants());
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
        ];
    }

    private static async Task<IReadOnlyDictionary<string, string>> StackSpecs(string stack)
    {
        var resources = await PulumiRun.Stack<PlatformStack>(new AwsMocks(), StackConfig.Load(stack), stack: stack);
        return await resources.OfType<PlatformStack>().Single().KopsSpecs.Value();
    }
}
