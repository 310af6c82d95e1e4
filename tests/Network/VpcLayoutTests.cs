using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Network;

/// <summary>
/// VpcLayout is what code outside the component (the migration tool) knows of a Vpc's resources: it must list exactly
/// what the component registers, with the same types, logical names, parents and tags, for every shape of network.
/// </summary>
[Collection(PulumiEngine.Name)]
public class VpcLayoutTests
{
    private const string Name = "net";
    private static readonly string[] Zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"];

    public static TheoryData<int, NatGatewayStrategy, bool> Shapes()
    {
        var shapes = new TheoryData<int, NatGatewayStrategy, bool>();
        foreach (var zones in new[] { 1, 2, 3, 4 })
        {
            foreach (var nat in Enum.GetValues<NatGatewayStrategy>())
            {
                shapes.Add(zones, nat, false);
                shapes.Add(zones, nat, true);
            }
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_layout_is_what_the_component_registers(int zones, NatGatewayStrategy nat, bool everything)
    {
        var args = Args(zones, nat, everything);
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, args, new ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        var layout = VpcLayout.Of(Name, Args(zones, nat, everything));

        Assert.Equal(
            layout.Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal),
            mocks.Registrations.Where(r => !r.Type!.StartsWith("aws:index/", StringComparison.Ordinal)).Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal));
        foreach (var resource in layout)
        {
            var options = recorder[resource.Type, resource.Name];
            Assert.Equal(resource.Parent, options.Parent?.GetResourceName());
            Assert.Equal(resource.Parent is null ? null : Vpc.TypeToken, options.Parent?.GetResourceType());
            Assert.Equal(resource.KeepsItsTags, options.IgnoreChanges.Contains("tags"));

            var inputs = mocks.Registrations.Single(r => r.Type == resource.Type && r.Name == resource.Name).Inputs;
            var registeredTags = inputs.TryGetValue("tags", out var tags)
                ? ((IReadOnlyDictionary<string, object>)tags).ToDictionary(t => t.Key, t => (string)t.Value)
                : null;
            var layoutTags = resource.Tags(new Dictionary<string, string> { ["team"] = "platform" });
            Assert.Equal(layoutTags?.OrderBy(t => t.Key, StringComparer.Ordinal), registeredTags?.OrderBy(t => t.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_one_zone_network_with_a_single_NAT_and_the_S3_endpoint_is_these_resources()
    {
        var args = new VpcArgs
        {
            CidrBlock = "10.20.0.0/16",
            AvailabilityZones = ["us-west-2b"],
            NatGateways = NatGatewayStrategy.Single,
            S3Endpoint = true,
            FlowLogs = false,
            EmptyDefaultSecurityGroup = false,
            ManageDefaultNetworkAcl = false,
        };

        var layout = VpcLayout.Of("edge", args);

        Assert.Equal(
            [
                "Component kops-platform:network:Vpc edge parent= Name=",
                "Vpc aws:ec2/vpc:Vpc edge-vpc parent=edge Name=edge",
                "InternetGateway aws:ec2/internetGateway:InternetGateway edge-igw parent=edge Name=edge",
                "Subnet aws:ec2/subnet:Subnet edge-admin-0 parent=edge Name=edge-admin-us-west-2b",
                "Subnet aws:ec2/subnet:Subnet edge-public-0 parent=edge Name=edge-public-us-west-2b",
                "Subnet aws:ec2/subnet:Subnet edge-private-prod-0 parent=edge Name=edge-private-prod-us-west-2b",
                "Subnet aws:ec2/subnet:Subnet edge-private-working-0 parent=edge Name=edge-private-working-us-west-2b",
                "PublicRouteTable aws:ec2/routeTable:RouteTable edge-public parent=edge Name=edge-public",
                "PublicDefaultRoute aws:ec2/route:Route edge-public-default parent=edge Name=",
                "PublicRouteTableAssociation aws:ec2/routeTableAssociation:RouteTableAssociation edge-public-0 parent=edge Name=",
                "NatAddress aws:ec2/eip:Eip edge-nat-0 parent=edge Name=edge-nat-us-west-2b",
                "NatGateway aws:ec2/natGateway:NatGateway edge-nat-0 parent=edge Name=edge-nat-us-west-2b",
                "PrivateRouteTable aws:ec2/routeTable:RouteTable edge-private-0 parent=edge Name=edge-private-us-west-2b",
                "PrivateDefaultRoute aws:ec2/route:Route edge-private-0-default parent=edge Name=",
                "PrivateRouteTableAssociation aws:ec2/routeTableAssociation:RouteTableAssociation edge-admin-0 parent=edge Name=",
                "PrivateRouteTableAssociation aws:ec2/routeTableAssociation:RouteTableAssociation edge-private-prod-0 parent=edge Name=",
                "PrivateRouteTableAssociation aws:ec2/routeTableAssociation:RouteTableAssociation edge-private-working-0 parent=edge Name=",
                "S3Endpoint aws:ec2/vpcEndpoint:VpcEndpoint edge-s3 parent=edge Name=edge-s3",
                "S3EndpointAssociation aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation edge-private-0-s3 parent=edge Name=",
            ],
            layout.Select(r => $"{r.Part} {r.Type} {r.Name} parent={r.Parent} Name={r.NameTag}"));
        Assert.Equal(
            [("Name", "edge-public-us-west-2b"), ("team", "edge"), ("tier", "public")],
            layout.Single(r => r.Name == "edge-public-0" && r.Part == VpcPart.Subnet)
                .Tags(new Dictionary<string, string> { ["team"] = "edge", ["Name"] = "overridden" })!
                .OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)));
    }

    private static VpcArgs Args(int zones, NatGatewayStrategy nat, bool everything) => new()
    {
        CidrBlock = "10.40.0.0/16",
        AvailabilityZones = Zones[..zones],
        NatGateways = nat,
        S3Endpoint = everything,
        EcrEndpoints = everything,
        FlowLogs = everything,
        EmptyDefaultSecurityGroup = everything,
        ManageDefaultNetworkAcl = everything,
        Tags = new Dictionary<string, string> { ["team"] = "platform" },
    };
}
