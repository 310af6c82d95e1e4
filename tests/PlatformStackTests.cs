using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests;

[Collection(PulumiEngine.Name)]
public class PlatformStackTests
{
    [Fact]
    public async Task Dev_is_two_zones_behind_a_single_NAT_with_the_S3_endpoint()
    {
        var mocks = new AwsMocks();
        var stack = await Run(mocks, StackConfig.Load("dev"));

        Assert.Equal(["us-east-1a", "us-east-1d"], await stack.AvailabilityZones.Items());
        Assert.Equal(["nat-dev-nat-0"], await stack.NatGatewayIds.Items());
        Assert.Equal(["rtb-dev-private-0"], await stack.PrivateRouteTableIds.Items());
        Assert.Equal(["subnet-dev-admin-0", "subnet-dev-admin-1"], await stack.AdminSubnetIds.Items());
        Assert.Equal("10.20.0.0/16", await stack.VpcCidr.Value());
        Assert.Equal("10.20.128.0/17", await stack.ClusterCidr.Value());
        Assert.Single(mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint"));
    }

    [Fact]
    public async Task Prod_is_three_zones_with_a_NAT_gateway_each()
    {
        var mocks = new AwsMocks();
        var stack = await Run(mocks, StackConfig.Load("prod"), stack: "prod");

        Assert.Equal(["us-east-1a", "us-east-1d", "us-east-1c"], await stack.AvailabilityZones.Items());
        Assert.Equal(["nat-prod-nat-0", "nat-prod-nat-1", "nat-prod-nat-2"], await stack.NatGatewayIds.Items());
        Assert.Equal(3, (await stack.PrivateProdSubnetIds.Value()).Length);
        Assert.Equal("vpc-prod-vpc", await stack.VpcId.Value());
        Assert.Equal("igw-prod-igw", await stack.InternetGatewayId.Value());
        Assert.Equal("rtb-prod-public", await stack.PublicRouteTableId.Value());
        Assert.Equal(3, (await stack.PublicSubnetIds.Value()).Length);
        Assert.Equal(3, (await stack.PrivateWorkingSubnetIds.Value()).Length);
    }

    [Fact]
    public async Task With_a_regional_NAT_gateway_every_private_subnet_of_every_cluster_egresses_through_it()
    {
        var config = WithNetwork(StackConfig.Load("prod"), "natGateways", "\"regional\"");
        var mocks = new AwsMocks();

        var stack = await Run(mocks, config, stack: "prod");

        Assert.Equal(["nat-prod-nat"], await stack.NatGatewayIds.Items());
        Assert.Equal("regional", mocks.OfType("aws:ec2/natGateway:NatGateway").Single().Inputs["availabilityMode"]);
        Assert.All(mocks.OfType("aws:ec2/route:Route").Where(r => r.Name!.StartsWith("prod-private-", StringComparison.Ordinal)),
            r => Assert.Equal("nat-prod-nat", r.Inputs["natGatewayId"]));
        var subnets = KopsYaml.Cluster((await stack.KopsSpecs.Value())["prod.k8s.example.com"]).Map("spec").Maps("subnets");
        var privateSubnets = subnets.Where(s => s.Text("type") == "Private").ToList();
        Assert.Equal(3, privateSubnets.Count);
        Assert.All(privateSubnets, s => Assert.Equal("nat-prod-nat", s.Text("egress")));
    }

    [Fact]
    public async Task Each_network_switch_reaches_the_VPC()
    {
        var config = WithNetwork(StackConfig.Load("dev"), "flowLogs", """{"retentionDays":90}""");
        config = WithNetwork(config, "emptyDefaultSecurityGroup", "false");
        config = WithNetwork(config, "manageDefaultNetworkAcl", "false");
        config = WithNetwork(config, "ecrEndpoints", "true");
        var mocks = new AwsMocks();

        await Run(mocks, config);

        Assert.Equal(90.0, mocks.OfType("aws:cloudwatch/logGroup:LogGroup").Single().Inputs["retentionInDays"]);
        Assert.Empty(mocks.OfType("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"));
        Assert.Empty(mocks.OfType("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"));
        Assert.Equal(["dev-ecr-api", "dev-ecr-dkr", "dev-s3"], mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Select(r => r.Name!).Order(StringComparer.Ordinal));

        var off = new AwsMocks();
        await Run(off, WithNetwork(StackConfig.Load("dev"), "flowLogs", """{"enabled":false}"""));
        Assert.DoesNotContain(off.Registrations, r => r.Name == "dev-flow-logs");
    }

    [Theory]
    [InlineData("dev", new[] { "dev-private-0-s3", "dev.k8s.example.com-s3-us-east-1a", "dev.k8s.example.com-s3-us-east-1d" })]
    [InlineData("prod", new[]
    {
        "prod-private-0-s3", "prod-private-1-s3", "prod-private-2-s3",
        "prod.k8s.example.com-s3-us-east-1a", "prod.k8s.example.com-s3-us-east-1c", "prod.k8s.example.com-s3-us-east-1d",
    })]
    public async Task The_network_of_todays_stack_files_keeps_every_resource_and_its_inputs_and_only_gains_the_hardening_and_the_S3_associations(
        string stack, string[] s3Associations)
    {
        // Recorded from these stack files before flow logs, the default security group and ACL were added.
        var before = File.ReadAllLines(Golden.PathOf("Network", "Golden", $"{stack}-before-hardening.jsonl"));
        // The one input that went: the S3 endpoint's inline route tables, now associations of their own (see Vpc). The
        // provider keeps an optional and computed input that is left out, so the endpoint shows no diff.
        var endpoint = Assert.Single(before, line => line.Contains("\"routeTableIds\"", StringComparison.Ordinal));
        var endpointNow = System.Text.Json.Nodes.JsonNode.Parse(endpoint)!.AsObject();
        Assert.Equal($"{stack}-s3", (string?)endpointNow["name"]);
        endpointNow["inputs"]!.AsObject().Remove("routeTableIds");
        var mocks = new AwsMocks();

        await Run(mocks, StackConfig.Load(stack), stack: stack);

        var network = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:ec2/", StringComparison.Ordinal) || r.Type == KopsPlatform.Network.Vpc.TypeToken).ToList();
        Assert.Subset(RegistrationSnapshot.Lines(network).ToHashSet(), before.Select(line => line == endpoint ? endpointNow.ToJsonString() : line).ToHashSet());
        var added = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !r.Type.StartsWith("aws:s3/", StringComparison.Ordinal))
            .Select(r => $"{r.Type} {r.Name}")
            .Except(before.Select(line =>
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                return $"{json.RootElement.GetProperty("type").GetString()} {json.RootElement.GetProperty("name").GetString()}";
            }));
        Assert.Equal(
            [
                $"aws:cloudwatch/logGroup:LogGroup {stack}-flow-logs",
                $"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl {stack}-default-nacl",
                $"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup {stack}-default-sg",
                $"aws:ec2/flowLog:FlowLog {stack}-flow-logs",
                .. s3Associations.Select(name => $"aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation {name}"),
                $"aws:iam/role:Role {stack}-flow-logs",
                $"aws:iam/rolePolicy:RolePolicy {stack}-flow-logs",
            ],
            added.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Preview_of_a_new_stack_needs_no_value_that_is_unknown_before_up()
    {
        var mocks = new AwsMocks(unknownIds: true);
        var stack = await Run(mocks, StackConfig.Load("prod"), preview: true, stack: "prod");

        const int previousOutputs = 1, vpc = 1 + 1 + 1 + 12 + 3 + 3 + 4 + 4 + 12 + 1 + 3 + 4 + 1 + 1, stateStore = 1 + 7, cluster = 1 + 2 + 3;
        const int discoveryStore = 1 + 5; // component, bucket, ownership, encryption, public access block, public-read policy
        Assert.Equal(previousOutputs + vpc + stateStore + discoveryStore + cluster, mocks.Registrations.Count);
        Assert.Equal("10.30.128.0/17", await stack.ClusterCidr.Value());
        Assert.False(await stack.VpcId.IsKnown());
        Assert.False(await stack.KopsSpecs.IsKnown());
    }

    [Fact]
    public async Task Each_cluster_exports_its_spec_and_the_state_store_is_exported()
    {
        var stack = await Run(new AwsMocks(), StackConfig.Load("dev"));

        var specs = await stack.KopsSpecs.Value();
        Assert.Equal(["dev.k8s.example.com"], specs.Keys);
        Assert.StartsWith("apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\n", specs["dev.k8s.example.com"], StringComparison.Ordinal);
        Assert.DoesNotContain("ssh-ed25519", specs["dev.k8s.example.com"], StringComparison.Ordinal);
        Assert.Equal("s3://kops-dev-123456789012-us-east-1", await stack.StateStore.Value());
    }

    [Fact]
    public async Task Kops_runs_only_once_the_whole_network_and_the_state_store_are_in_place()
    {
        var mocks = new AwsMocks();
        mocks.SlowTypes.Add("aws:ec2/routeTableAssociation:RouteTableAssociation");
        mocks.SlowTypes.Add("aws:ec2/vpcEndpoint:VpcEndpoint");
        mocks.SlowTypes.Add("aws:s3/bucketPolicy:BucketPolicy");

        await Run(mocks, StackConfig.Load("dev"));

        // The cluster's own S3 associations come after its apply, by design (KopsClusterS3Tests).
        var lastPrerequisite = mocks.Registrations
            .Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !r.Name!.StartsWith("dev.k8s.example.com-", StringComparison.Ordinal))
            .Max(r => mocks.Events.LastIndexOf($"done {r.Name}"));
        var firstCommand = mocks.OfType("command:local:Command").Min(r => mocks.Events.IndexOf($"start {r.Name}"));
        Assert.True(firstCommand > lastPrerequisite, "a kops command started before every network and state store resource was created");
    }

    [Fact]
    public async Task By_default_stack_readers_get_a_kubeconfig_without_a_credential_and_the_command_that_mints_one()
    {
        var mocks = new AwsMocks();
        var stack = await Run(mocks, StackConfig.Load("dev"));

        Assert.Null(await stack.Kubeconfigs.Value());
        Assert.False(await Output.IsSecretAsync(stack.ClusterKubeconfigs));
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-apply", (await stack.ClusterKubeconfigs.Value())["dev.k8s.example.com"]);
        Assert.Equal(
            "kops export kubeconfig --name dev.k8s.example.com --state s3://kops-dev-123456789012-us-east-1 --admin=1h",
            (await stack.KubeconfigCommands.Value())["dev.k8s.example.com"]);
        Assert.DoesNotContain(mocks.Registrations, r => r.Name == "dev.k8s.example.com-admin-kubeconfig");
    }

    [Fact]
    public async Task The_admin_kubeconfigs_are_a_secret_map_only_when_asked_for()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:exportAdminKubeconfig"] = "true";
        var mocks = new AwsMocks();

        var stack = await Run(mocks, config);

        Assert.True(await Output.IsSecretAsync(stack.Kubeconfigs));
        Assert.Equal("kubeconfig-from-dev.k8s.example.com-admin-kubeconfig", (await stack.Kubeconfigs.Value())!["dev.k8s.example.com"]);
        var admin = mocks.Named("dev.k8s.example.com-admin-kubeconfig").Inputs;
        Assert.Contains("kops export kubeconfig --name \"$cluster\" --admin=18h", (string)admin["create"], StringComparison.Ordinal);
        Assert.False(admin.ContainsKey("delete"));
    }

    [Fact]
    public async Task The_clusters_run_under_the_pinned_kops_version_and_the_stacks_region()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:kopsVersion"] = "1.36.1";
        var mocks = new AwsMocks();

        await Run(mocks, config);

        var apply = mocks.Named("dev.k8s.example.com-apply").Inputs;
        Assert.Contains("pinned='1.36.1'", (string)apply["create"], StringComparison.Ordinal);
        Assert.Contains("kops reconcile cluster", (string)apply["create"], StringComparison.Ordinal);
        Assert.Equal("us-east-1", ((IReadOnlyDictionary<string, object>)apply["environment"])["AWS_REGION"]);
    }

    [Fact]
    public async Task A_kops_version_that_is_no_release_is_named()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:kopsVersion"] = "latest";

        await AssertFailsBeforeAnyResource(config, "kops-platform:kopsVersion: 'latest' is not a kops release. Pin a release such as 1.36.2.");
    }

    [Fact]
    public async Task An_empty_cluster_list_is_a_network_only_stack()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = "[]";
        var mocks = new AwsMocks();

        var stack = await Run(mocks, config);

        Assert.Empty(await stack.KopsSpecs.Value());
        Assert.Null(await stack.StateStore.Value());
        Assert.DoesNotContain(mocks.Registrations, r => r.Type!.StartsWith("kops-platform:kops:", StringComparison.Ordinal) || r.Type.StartsWith("aws:s3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_network_only_stack_has_the_state_store_when_asked_and_can_leave_out_its_TLS_only_policy()
    {
        // The local stack asks for both: it has no clusters, and moto serves plain HTTP.
        var mocks = new AwsMocks();

        var stack = await Run(mocks, StackConfig.Load("local"), stack: "local");

        Assert.Empty(await stack.KopsSpecs.Value());
        Assert.Equal("s3://kops-local-123456789012-us-east-1", await stack.StateStore.Value());
        Assert.True(await stack.StateStoreCreated.Value());
        Assert.Equal("kops-local-123456789012-us-east-1", mocks.OfType("aws:s3/bucket:Bucket").Single().Inputs["bucket"]);
        Assert.Empty(mocks.OfType("aws:s3/bucketPolicy:BucketPolicy"));
        Assert.Single(mocks.OfType("aws:s3/bucketVersioning:BucketVersioning"));
        Assert.DoesNotContain(mocks.Registrations, r => r.Type!.StartsWith("command:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_TLS_only_policy_is_on_unless_switched_off()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = "[]";
        config["kops-platform:stateStore"] = """{"withoutClusters":true}""";
        var mocks = new AwsMocks();

        await Run(mocks, config);

        Assert.Equal(["kops-state-tls-only"], mocks.OfType("aws:s3/bucketPolicy:BucketPolicy").Select(r => r.Name));
    }

    [Fact]
    public async Task RequireTls_off_for_an_existing_bucket_is_refused_as_it_sets_no_policy_there()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:stateStore"] = """{"bucket":"acme-kops-state","requireTls":false}""";

        await AssertFailsBeforeAnyResource(
            config,
            "kops-platform:stateStore.requireTls: the stack uses the existing bucket acme-kops-state as it is, and sets no policy on it. Remove requireTls");
    }

    [Fact]
    public async Task A_named_state_store_bucket_is_used_instead_of_a_new_one()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:stateStore"] = """{"bucket":"acme-kops-state"}""";
        var mocks = new AwsMocks();

        var stack = await Run(mocks, config);

        Assert.Equal("s3://acme-kops-state", await stack.StateStore.Value());
        Assert.Contains("configBase: s3://acme-kops-state/dev.k8s.example.com", (await stack.KopsSpecs.Value())["dev.k8s.example.com"], StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type!.StartsWith("aws:s3/", StringComparison.Ordinal) && r.Name!.StartsWith("kops-state", StringComparison.Ordinal));
    }

    /// <summary>A cluster entry every case below starts from, then changes with a merge patch.</summary>
    private const string SoundCluster =
        """{"name":"a.k8s.example.com","slot":0,"kubernetesVersion":"1.35.4","apiAccess":["203.0.113.0/24"],"sshPublicKey":"ssh-ed25519 AAAAC3Nza ops@example.com"}""";

    /// <summary>Each case: the clusters, as patches of <see cref="SoundCluster"/>, and the start of the message.</summary>
    public static TheoryData<string[], string> BadClusterConfigs { get; } = new()
    {
        { ["{}", """{"name":"b.k8s.example.com"}"""], "kops-platform:clusters[1].slot: slot 0 is already taken by kops-platform:clusters[0] (a.k8s.example.com). Use a free slot: 1, 2, 3." },
        { ["{}", """{"slot":1}"""], "kops-platform:clusters[1].name: 'a.k8s.example.com' is also the name of kops-platform:clusters[0]" },
        { ["""{"controlPlane":{"count":3}}"""], "kops-platform:clusters[0].controlPlane.count: 3 control-plane instances need 3 zones, but the VPC has 2" },
        { ["""{"name":"a.k8s.local"}"""], "kops-platform:clusters[0].name: 'a.k8s.local' is a gossip (.k8s.local) name" },
        { ["""{"kubernetesVersion":"1.30.9"}"""], "kops-platform:clusters[0].kubernetesVersion: 1.30.9 is outside what kops 1.36 supports" },
        { ["""{"kubernetesVersion":"1.37.0"}"""], "kops-platform:clusters[0].kubernetesVersion: 1.37.0 is outside what kops 1.36 supports" },
        { ["""{"nodes":{"min":3,"mx":2}}"""], "kops-platform:clusters[0].nodes.mx: unknown key. Valid keys here are: machineType, min, max." },
        { ["""{"nodes":{"min":-1}}"""], "kops-platform:clusters[0].nodes: min -1 and max 4 give no valid size. Use 0 <= min <= max." },
        { ["""{"nodes":{"machineType":""}}"""], "kops-platform:clusters[0].nodes.machineType: '' is not an EC2 instance type" },
        { ["""{"controlPlane":{"machineType":"large"}}"""], "kops-platform:clusters[0].controlPlane.machineType: 'large' is not an EC2 instance type" },
        { ["""{"nodeGroups":[{"name":"gpu","machineType":"g5"}]}"""], "kops-platform:clusters[0].nodeGroups[0].machineType: 'g5' is not an EC2 instance type" },
        { ["""{"dns":{"type":"Gossip"}}"""], "kops-platform:clusters[0].dns.type: has a value of the wrong kind. Use one of: none, public, private." },
        { ["""{"slot":null}"""], "kops-platform:clusters[0].slot: missing. Give the cluster a slot (0 to 3, unique within the VPC), or subnets to adopt a cluster whose subnets exist." },
        { ["""{"slot":4}"""], "kops-platform:clusters[0].slot: slot 4 is out of range. Use 0 to 3" },
        { ["""{"name":null,"kubernetesVersion":null}"""], "kops-platform:clusters[0].name: missing. Every entry here needs name, kubernetesVersion." },
        { ["""{"slot":"zero"}"""], "kops-platform:clusters[0].slot: has a value of the wrong kind. Give a whole number." },
        { ["""{"sshPublicKey":"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY ops@example.com"}"""], "kops-platform:clusters[0].sshPublicKey: ecdsa-sha2-nistp256 keys don't work on AWS" },
        { ["""{"image":"ubuntu"}"""], "kops-platform:clusters[0].image: 'ubuntu' is neither an AMI id nor an owner/name image path" },
        { ["""{"allowDelete":"yes"}"""], "kops-platform:clusters[0].allowDelete: has a value of the wrong kind. Give a boolean" },
        { ["""{"apiAccess":["203.0.113.0/33"]}"""], "kops-platform:clusters[0].apiAccess: '203.0.113.0/33' is not an IPv4 CIDR block" },
        { ["""{"kubeconfigTtl":"1441m"}"""], "kops-platform:clusters[0].kubeconfigTtl: '1441m' is not a duration of at most 24h" },
        { ["""{"validateTimeout":"121m"}"""], "kops-platform:clusters[0].validateTimeout: '121m' is not a duration of at most 2h" },
        { ["""{"tags":{"aws:team":"payments"}}"""], "kops-platform:clusters[0].tags: 'aws:team' starts with aws:" },
        { ["""{"specOverrides":{"kubernetesVersion":"1.36.0"}}"""], "kops-platform:clusters[0].specOverrides.kubernetesVersion: the patch writes kubernetesVersion, which kops-platform:clusters[0].kubernetesVersion decides." },
        {
            ["""{"slot":null,"subnets":[{"zone":"us-east-1a","privateCidr":"10.20.100.0/22","utilityCidr":"10.20.144.0/24"}]}"""],
            "kops-platform:clusters[0].subnets[0].privateCidr: 10.20.100.0/22 lies outside the VPC's free range 10.20.128.0/17"
        },
    };

    [Theory]
    [MemberData(nameof(BadClusterConfigs))]
    public async Task Bad_cluster_config_fails_before_any_resource_with_the_key_and_the_fix(string[] clusters, string message)
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:clusters"] = new System.Text.Json.Nodes.JsonArray([.. clusters.Select(patch => Patched(SoundCluster, patch))]).ToJsonString();

        await AssertFailsBeforeAnyResource(config, message);
    }

    [Theory]
    [InlineData("""{"bucket":"Acme_Kops"}""", "kops-platform:stateStore.bucket: 'Acme_Kops' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"ab"}""", "kops-platform:stateStore.bucket: 'ab' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"192.168.10.1"}""", "kops-platform:stateStore.bucket: '192.168.10.1' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"acme..kops"}""", "kops-platform:stateStore.bucket: 'acme..kops' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"xn--acme"}""", "kops-platform:stateStore.bucket: 'xn--acme' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"acme-s3alias"}""", "kops-platform:stateStore.bucket: 'acme-s3alias' is not a valid S3 bucket name")]
    [InlineData("""{"name":"acme-"}""", "kops-platform:stateStore.name: 'acme-' is not a valid S3 bucket name")]
    [InlineData("""{"bucket":"acme-kops","name":"acme-kops"}""", "kops-platform:stateStore.name: the stack uses the existing bucket acme-kops, so it creates none to name")]
    public async Task A_bad_state_store_is_named_before_any_resource(string store, string message)
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:stateStore"] = store;

        await AssertFailsBeforeAnyResource(config, message);
    }

    /// <summary>A JSON object with a merge patch's top-level keys set, or removed where the patch gives null.</summary>
    private static System.Text.Json.Nodes.JsonObject Patched(string json, string patch)
    {
        var patched = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(patch)!.AsObject())
        {
            patched.Remove(key);
            if (value is not null)
            {
                patched[key] = value.DeepClone();
            }
        }

        return patched;
    }

    [Theory]
    [InlineData("cidr", "\"10.20.0.1/16\"", "kops-platform:network.cidr: '10.20.0.1/16' has host bits set. Use 10.20.0.0/16.")]
    [InlineData("cidr", "\"10.20.0.0/24\"", "kops-platform:network.cidr: 10.20.0.0/24 is a /24")]
    [InlineData("cidr", "\"banana\"", "kops-platform:network.cidr: 'banana' is not an IPv4 CIDR block")]
    [InlineData("availabilityZones", "[]", "kops-platform:network.availabilityZones: 0 availability zones given")]
    [InlineData("availabilityZones", "[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\",\"us-east-1d\",\"us-east-1e\"]", "kops-platform:network.availabilityZones: 5 availability zones given")]
    [InlineData("availabilityZones", "[\"us-east-1a\",\"us-east-1a\"]", "kops-platform:network.availabilityZones: 'us-east-1a' is listed twice")]
    [InlineData("availabilityZones", "[\"us-east-1a\",\"eu-west-1a\"]", "kops-platform:network.availabilityZones: 'eu-west-1a' is not an availability zone of region us-east-1")]
    [InlineData("natGateways", "\"perZone\"", "kops-platform:network.natGateways: has a value of the wrong kind. Use one of: onePerAz, single, regional.")]
    [InlineData("s3Endpoint", "\"yes\"", "kops-platform:network.s3Endpoint: has a value of the wrong kind. Give a boolean")]
    [InlineData("natGateway", "\"single\"", "kops-platform:network.natGateway: unknown key. Valid keys here are: name, cidr, availabilityZones, natGateways, s3Endpoint, ecrEndpoints, flowLogs, emptyDefaultSecurityGroup, manageDefaultNetworkAcl, tags.")]
    [InlineData("ecrEndpoints", "\"yes\"", "kops-platform:network.ecrEndpoints: has a value of the wrong kind. Give a boolean (true or false).")]
    [InlineData("emptyDefaultSecurityGroup", "1", "kops-platform:network.emptyDefaultSecurityGroup: has a value of the wrong kind. Give a boolean (true or false).")]
    [InlineData("manageDefaultNetworkAcl", "\"no\"", "kops-platform:network.manageDefaultNetworkAcl: has a value of the wrong kind. Give a boolean (true or false).")]
    [InlineData("flowLogs", "true", "kops-platform:network.flowLogs: has a value of the wrong kind. Give an object with the keys enabled, retentionDays.")]
    [InlineData("flowLogs", "{\"retention\":30}", "kops-platform:network.flowLogs.retention: unknown key. Valid keys here are: enabled, retentionDays.")]
    [InlineData("flowLogs", "{\"enabled\":\"on\"}", "kops-platform:network.flowLogs.enabled: has a value of the wrong kind. Give a boolean (true or false).")]
    [InlineData("flowLogs", "{\"retentionDays\":\"thirty\"}", "kops-platform:network.flowLogs.retentionDays: has a value of the wrong kind. Give a whole number.")]
    [InlineData("flowLogs", "{\"retentionDays\":0}", "kops-platform:network.flowLogs.retentionDays: 0 days is not a retention CloudWatch Logs offers. Use one of: 1, 3, 5, 7, 14, 30,")]
    [InlineData("flowLogs", "{\"retentionDays\":31}", "kops-platform:network.flowLogs.retentionDays: 31 days is not a retention CloudWatch Logs offers. Use one of: 1, 3, 5, 7, 14, 30,")]
    [InlineData("flowLogs", "{\"enabled\":false,\"retentionDays\":31}", "kops-platform:network.flowLogs.retentionDays: 31 days is not a retention")]
    [InlineData("name", "\"Main VPC\"", "kops-platform:network.name: 'Main VPC' is not a usable resource name")]
    [InlineData("tags", "{\"team\":\"platform\",\"aws:owner\":\"ops\"}", "kops-platform:network.tags: 'aws:owner' starts with aws:, a prefix AWS keeps for its own tags and refuses in requests. Rename the tag")]
    [InlineData("cidr", "\"10.20.16.0/20\"", "kops-platform:network.cidr: the free range 10.20.24.0/21 of the VPC 10.20.16.0/20 leaves its clusters /28 utility subnets, smaller than the /27 AWS load balancers need. Use a /19 or larger VPC for a stack with clusters.")]
    public async Task Bad_network_config_fails_before_any_resource_with_the_key_and_the_fix(string key, string json, string message)
    {
        await AssertFailsBeforeAnyResource(WithNetwork(StackConfig.Load("dev"), key, json), message);
    }

    [Fact]
    public async Task A_missing_network_object_is_named() =>
        await AssertFailsBeforeAnyResource(
            new Dictionary<string, object> { ["aws:region"] = "us-east-1" },
            "kops-platform:network: missing. Set it in the stack's Pulumi.<stack>.yaml");

    [Fact]
    public async Task A_missing_region_is_named()
    {
        var config = StackConfig.Load("dev");
        config.Remove("aws:region");

        await AssertFailsBeforeAnyResource(config, "aws:region");
    }

    /// <summary>The stack config with one key of <c>kops-platform:network</c> set to the JSON given.</summary>
    private static Dictionary<string, object> WithNetwork(Dictionary<string, object> config, string key, string json)
    {
        var network = System.Text.Json.Nodes.JsonNode.Parse((string)config["kops-platform:network"])!.AsObject();
        network[key] = System.Text.Json.Nodes.JsonNode.Parse(json);
        config["kops-platform:network"] = network.ToJsonString();
        return config;
    }

    private static Task AssertFailsBeforeAnyResource(Dictionary<string, object> config, string message) =>
        PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, message);

    private static async Task<PlatformStack> Run(AwsMocks mocks, Dictionary<string, object> config, bool preview = false, string stack = "dev")
    {
        var resources = await PulumiRun.Stack<PlatformStack>(mocks, config, preview, stack);
        return resources.OfType<PlatformStack>().Single();
    }
}
