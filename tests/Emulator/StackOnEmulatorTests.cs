using System.Net;
using System.Text.Json;
using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Emulator;

/// <summary>
/// The stack's end-to-end check: each stack runs under the mock engine, what it registered is applied to a moto
/// server with the AWS SDK (<see cref="EmulatorDeployment"/>), and the result is read back through the API and
/// compared with what the README promises for that stack, written out literally.
/// </summary>
[Collection(AwsEmulator.Name)]
public sealed class StackOnEmulatorTests(MotoServer moto)
{
    private const string Vpc = "aws:ec2/vpc:Vpc";

    [MotoFact]
    public async Task Dev_is_two_zones_behind_one_NAT_with_the_S3_endpoint_and_a_TLS_only_state_store()
    {
        var deployed = await DeployAsync("dev", StackConfig.Load("dev"));

        AssertNetwork(
            deployed.Network,
            cidr: "10.20.0.0/16",
            freeForClusters: "10.20.128.0/17",
            subnets:
            [
                "dev-admin-us-east-1a admin us-east-1a 10.20.0.0/21",
                "dev-admin-us-east-1d admin us-east-1d 10.20.8.0/21",
                "dev-public-us-east-1a public us-east-1a 10.20.32.0/21",
                "dev-public-us-east-1d public us-east-1d 10.20.40.0/21",
                "dev-private-prod-us-east-1a private-prod us-east-1a 10.20.64.0/21",
                "dev-private-prod-us-east-1d private-prod us-east-1d 10.20.72.0/21",
                "dev-private-working-us-east-1a private-working us-east-1a 10.20.96.0/21",
                "dev-private-working-us-east-1d private-working us-east-1d 10.20.104.0/21",
            ],
            routes:
            [
                "dev-admin-us-east-1a -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
                "dev-admin-us-east-1d -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
                "dev-public-us-east-1a -> dev-public -> the internet gateway",
                "dev-public-us-east-1d -> dev-public -> the internet gateway",
                "dev-private-prod-us-east-1a -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
                "dev-private-prod-us-east-1d -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
                "dev-private-working-us-east-1a -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
                "dev-private-working-us-east-1d -> dev-private-us-east-1a -> NAT dev-nat-us-east-1a (available)",
            ],
            natGateways: ["dev-nat-us-east-1a in dev-public-us-east-1a, address dev-nat-us-east-1a"],
            endpoints: ["com.amazonaws.us-east-1.s3 Gateway: dev-private-us-east-1a"]);
        AssertLines(
            "the state store's settings",
            StateStore("kops-dev-123456789012-us-east-1", "tags environment=dev team=platform", tlsOnly: true),
            await deployed.BucketAsync("kops-dev-123456789012-us-east-1"));

        // Everything else was applied: kops's commands and the route tables kops makes, and the flow logs (CloudWatch
        // Logs and IAM), are all that is left out.
        AssertLines(
            "resources left out",
            [
                "aws:cloudwatch/logGroup:LogGroup dev-flow-logs",
                "aws:ec2/flowLog:FlowLog dev-flow-logs",
                "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation dev.k8s.example.com-s3-us-east-1a",
                "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation dev.k8s.example.com-s3-us-east-1d",
                "aws:iam/role:Role dev-flow-logs",
                "aws:iam/rolePolicy:RolePolicy dev-flow-logs",
                "command:local:Command dev.k8s.example.com-apply",
                "command:local:Command dev.k8s.example.com-cluster",
                "pulumi:pulumi:StackReference previous-deployment",
            ],
            deployed.Deployment.Skipped.Keys);
    }

    [MotoFact]
    public async Task Prod_is_three_zones_each_behind_its_own_NAT_with_the_S3_endpoint_on_every_private_table()
    {
        var deployed = await DeployAsync("prod", StackConfig.Load("prod"));

        AssertNetwork(
            deployed.Network,
            cidr: "10.30.0.0/16",
            freeForClusters: "10.30.128.0/17",
            subnets:
            [
                "prod-admin-us-east-1a admin us-east-1a 10.30.0.0/21",
                "prod-admin-us-east-1d admin us-east-1d 10.30.8.0/21",
                "prod-admin-us-east-1c admin us-east-1c 10.30.16.0/21",
                "prod-public-us-east-1a public us-east-1a 10.30.32.0/21",
                "prod-public-us-east-1d public us-east-1d 10.30.40.0/21",
                "prod-public-us-east-1c public us-east-1c 10.30.48.0/21",
                "prod-private-prod-us-east-1a private-prod us-east-1a 10.30.64.0/21",
                "prod-private-prod-us-east-1d private-prod us-east-1d 10.30.72.0/21",
                "prod-private-prod-us-east-1c private-prod us-east-1c 10.30.80.0/21",
                "prod-private-working-us-east-1a private-working us-east-1a 10.30.96.0/21",
                "prod-private-working-us-east-1d private-working us-east-1d 10.30.104.0/21",
                "prod-private-working-us-east-1c private-working us-east-1c 10.30.112.0/21",
            ],
            routes:
            [
                "prod-admin-us-east-1a -> prod-private-us-east-1a -> NAT prod-nat-us-east-1a (available)",
                "prod-admin-us-east-1d -> prod-private-us-east-1d -> NAT prod-nat-us-east-1d (available)",
                "prod-admin-us-east-1c -> prod-private-us-east-1c -> NAT prod-nat-us-east-1c (available)",
                "prod-public-us-east-1a -> prod-public -> the internet gateway",
                "prod-public-us-east-1d -> prod-public -> the internet gateway",
                "prod-public-us-east-1c -> prod-public -> the internet gateway",
                "prod-private-prod-us-east-1a -> prod-private-us-east-1a -> NAT prod-nat-us-east-1a (available)",
                "prod-private-prod-us-east-1d -> prod-private-us-east-1d -> NAT prod-nat-us-east-1d (available)",
                "prod-private-prod-us-east-1c -> prod-private-us-east-1c -> NAT prod-nat-us-east-1c (available)",
                "prod-private-working-us-east-1a -> prod-private-us-east-1a -> NAT prod-nat-us-east-1a (available)",
                "prod-private-working-us-east-1d -> prod-private-us-east-1d -> NAT prod-nat-us-east-1d (available)",
                "prod-private-working-us-east-1c -> prod-private-us-east-1c -> NAT prod-nat-us-east-1c (available)",
            ],
            natGateways:
            [
                "prod-nat-us-east-1a in prod-public-us-east-1a, address prod-nat-us-east-1a",
                "prod-nat-us-east-1d in prod-public-us-east-1d, address prod-nat-us-east-1d",
                "prod-nat-us-east-1c in prod-public-us-east-1c, address prod-nat-us-east-1c",
            ],
            endpoints: ["com.amazonaws.us-east-1.s3 Gateway: prod-private-us-east-1a, prod-private-us-east-1c, prod-private-us-east-1d"]);
        AssertLines(
            "the state store's settings",
            StateStore("kops-prod-123456789012-us-east-1", "tags environment=prod team=platform", tlsOnly: true),
            await deployed.BucketAsync("kops-prod-123456789012-us-east-1"));
        AssertLines(
            "the discovery store's access",
            [
                "public access block: BlockPublicAcls IgnorePublicAcls",
                "policy PublicReadOfDiscoveryDocuments: Allow s3:GetObject by * on arn:aws:s3:::kops-oidc-prod-123456789012-us-east-1/*",
                "policy DenyInsecureTransport: Deny s3:* by * on arn:aws:s3:::kops-oidc-prod-123456789012-us-east-1, "
                + "arn:aws:s3:::kops-oidc-prod-123456789012-us-east-1/* when Bool aws:SecureTransport false",
            ],
            (await deployed.BucketAsync("kops-oidc-prod-123456789012-us-east-1")).Where(line => line.StartsWith("public access", StringComparison.Ordinal) || line.StartsWith("policy", StringComparison.Ordinal)));
    }

    [MotoFact]
    public async Task Four_zones_of_a_20_share_one_NAT_and_a_network_only_stack_can_have_its_state_store()
    {
        var config = new Dictionary<string, object>
        {
            ["aws:region"] = "us-east-1",
            ["kops-platform:network"] = JsonSerializer.Serialize(new
            {
                name = "edge",
                cidr = "10.40.0.0/20",
                availabilityZones = new[] { "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d" },
                natGateways = "single",
                s3Endpoint = true,
                tags = new { environment = "edge" },
            }),
            ["kops-platform:stateStore"] = """{"withoutClusters":true}""",
        };

        var deployed = await DeployAsync("edge", config);

        // A /20: each tier is a /23, each subnet a /25; the upper half, 10.40.8.0/21, stays free.
        AssertNetwork(
            deployed.Network,
            cidr: "10.40.0.0/20",
            freeForClusters: "10.40.8.0/21",
            subnets:
            [
                "edge-admin-us-east-1a admin us-east-1a 10.40.0.0/25",
                "edge-admin-us-east-1b admin us-east-1b 10.40.0.128/25",
                "edge-admin-us-east-1c admin us-east-1c 10.40.1.0/25",
                "edge-admin-us-east-1d admin us-east-1d 10.40.1.128/25",
                "edge-public-us-east-1a public us-east-1a 10.40.2.0/25",
                "edge-public-us-east-1b public us-east-1b 10.40.2.128/25",
                "edge-public-us-east-1c public us-east-1c 10.40.3.0/25",
                "edge-public-us-east-1d public us-east-1d 10.40.3.128/25",
                "edge-private-prod-us-east-1a private-prod us-east-1a 10.40.4.0/25",
                "edge-private-prod-us-east-1b private-prod us-east-1b 10.40.4.128/25",
                "edge-private-prod-us-east-1c private-prod us-east-1c 10.40.5.0/25",
                "edge-private-prod-us-east-1d private-prod us-east-1d 10.40.5.128/25",
                "edge-private-working-us-east-1a private-working us-east-1a 10.40.6.0/25",
                "edge-private-working-us-east-1b private-working us-east-1b 10.40.6.128/25",
                "edge-private-working-us-east-1c private-working us-east-1c 10.40.7.0/25",
                "edge-private-working-us-east-1d private-working us-east-1d 10.40.7.128/25",
            ],
            routes:
            [
                "edge-admin-us-east-1a -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-admin-us-east-1b -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-admin-us-east-1c -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-admin-us-east-1d -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-public-us-east-1a -> edge-public -> the internet gateway",
                "edge-public-us-east-1b -> edge-public -> the internet gateway",
                "edge-public-us-east-1c -> edge-public -> the internet gateway",
                "edge-public-us-east-1d -> edge-public -> the internet gateway",
                "edge-private-prod-us-east-1a -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-prod-us-east-1b -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-prod-us-east-1c -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-prod-us-east-1d -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-working-us-east-1a -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-working-us-east-1b -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-working-us-east-1c -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
                "edge-private-working-us-east-1d -> edge-private-us-east-1a -> NAT edge-nat-us-east-1a (available)",
            ],
            natGateways: ["edge-nat-us-east-1a in edge-public-us-east-1a, address edge-nat-us-east-1a"],
            endpoints: ["com.amazonaws.us-east-1.s3 Gateway: edge-private-us-east-1a"]);
        AssertLines(
            "the state store's settings",
            StateStore("kops-edge-123456789012-us-east-1", "tags environment=edge", tlsOnly: true),
            await deployed.BucketAsync("kops-edge-123456789012-us-east-1"));
    }

    [MotoFact]
    public async Task The_local_stack_gets_its_state_store_without_the_TLS_only_policy()
    {
        var deployed = await DeployAsync("local", StackConfig.Load("local"));

        AssertNetwork(
            deployed.Network,
            cidr: "10.20.0.0/16",
            freeForClusters: "10.20.128.0/17",
            subnets:
            [
                "local-admin-us-east-1a admin us-east-1a 10.20.0.0/21",
                "local-admin-us-east-1b admin us-east-1b 10.20.8.0/21",
                "local-public-us-east-1a public us-east-1a 10.20.32.0/21",
                "local-public-us-east-1b public us-east-1b 10.20.40.0/21",
                "local-private-prod-us-east-1a private-prod us-east-1a 10.20.64.0/21",
                "local-private-prod-us-east-1b private-prod us-east-1b 10.20.72.0/21",
                "local-private-working-us-east-1a private-working us-east-1a 10.20.96.0/21",
                "local-private-working-us-east-1b private-working us-east-1b 10.20.104.0/21",
            ],
            routes:
            [
                "local-admin-us-east-1a -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
                "local-admin-us-east-1b -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
                "local-public-us-east-1a -> local-public -> the internet gateway",
                "local-public-us-east-1b -> local-public -> the internet gateway",
                "local-private-prod-us-east-1a -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
                "local-private-prod-us-east-1b -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
                "local-private-working-us-east-1a -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
                "local-private-working-us-east-1b -> local-private-us-east-1a -> NAT local-nat-us-east-1a (available)",
            ],
            natGateways: ["local-nat-us-east-1a in local-public-us-east-1a, address local-nat-us-east-1a"],
            endpoints: ["com.amazonaws.us-east-1.s3 Gateway: local-private-us-east-1a"]);
        AssertLines(
            "the state store's settings",
            StateStore("kops-local-123456789012-us-east-1", "tags environment=local", tlsOnly: false),
            await deployed.BucketAsync("kops-local-123456789012-us-east-1"));
    }

    /// <summary>The check itself: a block that overlaps another fails the deployment.</summary>
    [MotoFact]
    public async Task Overlapping_subnets_fail_the_deployment()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(vpc =>
        {
            _ = Subnet("broken-a", vpc, "10.50.0.0/24");
            _ = Subnet("broken-b", vpc, "10.50.0.128/25");
        }));

        Assert.StartsWith("aws:ec2/subnet:Subnet broken-b: the emulator refused it: InvalidSubnet.Conflict", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The check itself: a default route to a NAT gateway nobody created leads nowhere when read back.</summary>
    [MotoFact]
    public async Task A_route_to_a_NAT_gateway_that_was_never_created_reads_back_as_leading_nowhere()
    {
        var network = await DeployAsync(vpc =>
        {
            var subnet = Subnet("broken-a", vpc, "10.50.0.0/24");
            var table = new Pulumi.Aws.Ec2.RouteTable("broken", new() { VpcId = vpc.Id, Tags = { ["Name"] = "broken" } });
            _ = new Pulumi.Aws.Ec2.Route("broken-default", new() { RouteTableId = table.Id, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = "nat-0123456789abcdef0" });
            _ = new Pulumi.Aws.Ec2.RouteTableAssociation("broken-a", new() { SubnetId = subnet.Id, RouteTableId = table.Id });
        });

        var route = Assert.Single(network.Routes);
        Assert.True(
            route is "broken-a -> broken -> nowhere" or "broken-a -> broken -> a NAT gateway that does not exist: nat-0123456789abcdef0",
            route);
    }

    private static Pulumi.Aws.Ec2.Subnet Subnet(string name, Pulumi.Aws.Ec2.Vpc vpc, string cidr) =>
        new(name, new() { VpcId = vpc.Id, CidrBlock = cidr, AvailabilityZone = "us-east-1a", Tags = { ["Name"] = name } });

    private static void AssertNetwork(
        EmulatorNetwork network,
        string cidr,
        string freeForClusters,
        string[] subnets,
        string[] routes,
        string[] natGateways,
        string[] endpoints)
    {
        Assert.Equal(cidr, network.Cidr);
        AssertLines("subnets", subnets, network.Subnets);
        AssertLines("overlapping subnets", [], network.Overlaps);
        var free = IPNetwork.Parse(freeForClusters);
        AssertLines($"subnets in {free}, the clusters' range", [], network.SubnetBlocks.Where(block => free.Contains(block.BaseAddress)).Select(block => block.ToString()));
        AssertLines("routes", routes, network.Routes);
        AssertLines("NAT gateways", natGateways, network.NatGateways);
        AssertLines("endpoints", endpoints, network.Endpoints);
        AssertLines("default security group rules", [], network.DefaultSecurityGroupRules);
        AssertLines("default network ACL rules", ["egress 100 allow -1 0.0.0.0/0", "ingress 100 allow -1 0.0.0.0/0"], network.DefaultNetworkAclRules);
    }

    /// <summary>The lines, in any order; a failure names each missing and each unexpected line in full.</summary>
    private static void AssertLines(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var unexpected = actual.Except(expected, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || expected.Count() != actual.Count())
        {
            Assert.Fail($"{what} differ.\nmissing:\n  {string.Join("\n  ", missing)}\nunexpected:\n  {string.Join("\n  ", unexpected)}\nall of them:\n  {string.Join("\n  ", actual)}");
        }
    }

    private static string[] StateStore(string bucket, string tags, bool tlsOnly) =>
    [
        "versioning Enabled",
        "encryption AES256 with a bucket key",
        "public access block: BlockPublicAcls BlockPublicPolicy IgnorePublicAcls RestrictPublicBuckets",
        "ownership BucketOwnerEnforced",
        "lifecycle expire-old-versions Enabled: old versions go after 90 days, unfinished uploads after 7 days",
        tags,
        tlsOnly
            ? $"policy DenyInsecureTransport: Deny s3:* by * on arn:aws:s3:::{bucket}, arn:aws:s3:::{bucket}/* when Bool aws:SecureTransport false"
            : "no policy",
    ];

    /// <summary>Runs the stack under the mock engine, applies it to an emptied emulator, and reads its VPC back.</summary>
    private async Task<Deployed> DeployAsync(string network, Dictionary<string, object> config)
    {
        await moto.ResetAsync();
        var mocks = new AwsMocks();
        await PulumiRun.Stack<PlatformStack>(mocks, config, stack: network);
        return await ApplyAsync(mocks, $"{network}-vpc");
    }

    /// <summary>Applies a VPC (10.50.0.0/16) and what <paramref name="inside"/> declares in it, and reads it back.</summary>
    private async Task<EmulatorNetwork> DeployAsync(Action<Pulumi.Aws.Ec2.Vpc> inside)
    {
        await moto.ResetAsync();
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () => inside(new Pulumi.Aws.Ec2.Vpc("broken", new() { CidrBlock = "10.50.0.0/16" })));
        return (await ApplyAsync(mocks, "broken")).Network;
    }

    private async Task<Deployed> ApplyAsync(AwsMocks mocks, string vpc)
    {
        using var ec2 = moto.Ec2();
        using var s3 = moto.S3();
        var deployment = await EmulatorDeployment.ApplyAsync(mocks, new EmulatorResources(ec2, s3));
        return new Deployed(moto, deployment, await EmulatorNetwork.ReadAsync(ec2, deployment.IdOf(Vpc, vpc)));
    }

    private sealed record Deployed(MotoServer Moto, EmulatorDeployment Deployment, EmulatorNetwork Network)
    {
        public async Task<IReadOnlyList<string>> BucketAsync(string bucket)
        {
            using var s3 = Moto.S3();
            return await EmulatorBucket.ReadAsync(s3, bucket);
        }
    }
}
