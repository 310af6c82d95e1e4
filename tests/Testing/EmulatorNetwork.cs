using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// A VPC as the emulator holds it, read back through the EC2 API and written out as lines a test compares with
/// literal expectations: each subnet, where each subnet's traffic to the internet goes, the NAT gateways, the
/// endpoints. A route that leads nowhere reads as such (<c>a NAT gateway that does not exist: nat-…</c>).
/// </summary>
public sealed class EmulatorNetwork
{
    private EmulatorNetwork()
    {
    }

    public required string Cidr { get; init; }

    /// <summary>"<c>Name tier zone cidr</c>" per subnet, by name.</summary>
    public required IReadOnlyList<string> Subnets { get; init; }

    /// <summary>"<c>subnet -> route table -> default route's target</c>" per subnet, by subnet name.</summary>
    public required IReadOnlyList<string> Routes { get; init; }

    /// <summary>"<c>NAT's Name in subnet's Name, address with Name</c>" per NAT gateway.</summary>
    public required IReadOnlyList<string> NatGateways { get; init; }

    /// <summary>"<c>service type: route table names</c>" per endpoint.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>Pairs of subnets whose blocks overlap, "<c>a overlaps b</c>".</summary>
    public required IReadOnlyList<string> Overlaps { get; init; }

    /// <summary>The subnet blocks, to check against ranges they must stay out of.</summary>
    public required IReadOnlyList<IPNetwork> SubnetBlocks { get; init; }

    /// <summary>The rules of the default security group, "<c>ingress|egress protocol</c>".</summary>
    public required IReadOnlyList<string> DefaultSecurityGroupRules { get; init; }

    /// <summary>The default network ACL's rules but AWS's final deny (32767), "<c>ingress|egress number action protocol cidr</c>".</summary>
    public required IReadOnlyList<string> DefaultNetworkAclRules { get; init; }

    public static async Task<EmulatorNetwork> ReadAsync(IAmazonEC2 ec2, string vpcId)
    {
        var inVpc = new List<Ec2Filter> { new("vpc-id", [vpcId]) };
        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] })).Vpcs.Single();
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = inVpc })).Subnets ?? [];
        var tables = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = inVpc })).RouteTables ?? [];
        var nats = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = inVpc })).NatGateways ?? [];
        var gateways = (await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest
        {
            Filters = [new Ec2Filter("attachment.vpc-id", [vpcId])],
        })).InternetGateways ?? [];
        var addresses = (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses ?? [];
        var endpoints = (await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { Filters = inVpc })).VpcEndpoints ?? [];
        var securityGroup = (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [.. inVpc, new Ec2Filter("group-name", ["default"])],
        })).SecurityGroups.Single();
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest
        {
            Filters = [.. inVpc, new Ec2Filter("default", ["true"])],
        })).NetworkAcls.Single();

        var subnetNames = subnets.ToDictionary(s => s.SubnetId, s => NameOf(s.Tags));
        string Target(Route route)
        {
            if (route.NatGatewayId is { Length: > 0 } natId)
            {
                return nats.SingleOrDefault(n => n.NatGatewayId == natId) is { } nat
                    ? $"NAT {NameOf(nat.Tags)} ({nat.State})"
                    : $"a NAT gateway that does not exist: {natId}";
            }

            if (route.GatewayId is { Length: > 0 } gatewayId && gatewayId != "local")
            {
                return gateways.Any(g => g.InternetGatewayId == gatewayId) ? "the internet gateway" : $"a gateway not attached to the VPC: {gatewayId}";
            }

            return "nowhere";
        }

        string Route(Subnet subnet)
        {
            var table = tables.Where(t => (t.Associations ?? []).Any(a => a.SubnetId == subnet.SubnetId)).ToList() is [var only]
                ? only
                : tables.Single(t => (t.Associations ?? []).Any(a => a.Main == true));
            var routes = (table.Routes ?? []).Where(r => r.DestinationCidrBlock == "0.0.0.0/0").ToList();
            var target = routes switch
            {
                [] => "no default route",
                [var route] => Target(route),
                _ => $"{routes.Count} default routes",
            };
            return $"{NameOf(subnet.Tags)} -> {NameOf(table.Tags)} -> {target}";
        }

        string Nat(NatGateway nat)
        {
            var allocation = nat.NatGatewayAddresses?.SingleOrDefault()?.AllocationId;
            var address = addresses.SingleOrDefault(a => a.AllocationId == allocation);
            return $"{NameOf(nat.Tags)} in {subnetNames.GetValueOrDefault(nat.SubnetId, $"a subnet outside the VPC: {nat.SubnetId}")}, "
                + (address is null ? $"an address that does not exist: {allocation}" : $"address {NameOf(address.Tags)}");
        }

        var tableNames = tables.ToDictionary(t => t.RouteTableId, t => NameOf(t.Tags));
        var blocks = subnets.Select(s => (Name: NameOf(s.Tags), Block: IPNetwork.Parse(s.CidrBlock))).ToList();
        return new EmulatorNetwork
        {
            Cidr = vpc.CidrBlock,
            Subnets = [.. subnets.Select(s => $"{NameOf(s.Tags)} {TagOf(s.Tags, "tier")} {s.AvailabilityZone} {s.CidrBlock}{(s.MapPublicIpOnLaunch == true ? " public-ip" : "")}").Order(StringComparer.Ordinal)],
            Routes = [.. subnets.Select(Route).Order(StringComparer.Ordinal)],
            NatGateways = [.. nats.Select(Nat).Order(StringComparer.Ordinal)],
            Endpoints = [.. endpoints.Select(e => $"{e.ServiceName} {e.VpcEndpointType}: " + string.Join(", ",
                (e.RouteTableIds ?? []).Select(id => tableNames.GetValueOrDefault(id, $"a table outside the VPC: {id}")).Order(StringComparer.Ordinal)))],
            Overlaps = [.. blocks.SelectMany((a, i) => blocks.Skip(i + 1)
                .Where(b => a.Block.Contains(b.Block.BaseAddress) || b.Block.Contains(a.Block.BaseAddress))
                .Select(b => $"{a.Name} {a.Block} overlaps {b.Name} {b.Block}"))],
            SubnetBlocks = [.. blocks.Select(b => b.Block)],
            DefaultSecurityGroupRules = [.. (securityGroup.IpPermissions ?? []).Select(p => $"ingress {p.IpProtocol}")
                .Concat((securityGroup.IpPermissionsEgress ?? []).Select(p => $"egress {p.IpProtocol}"))],
            DefaultNetworkAclRules = [.. (acl.Entries ?? []).Where(e => e.RuleNumber != 32767)
                .Select(e => $"{(e.Egress == true ? "egress" : "ingress")} {e.RuleNumber} {e.RuleAction} {e.Protocol} {e.CidrBlock}")
                .Order(StringComparer.Ordinal)],
        };
    }

    private static string NameOf(List<Tag>? tags) => TagOf(tags, "Name");

    private static string TagOf(List<Tag>? tags, string key) => tags?.SingleOrDefault(t => t.Key == key)?.Value ?? $"(no {key})";
}
