using System.Net;
using System.Text.RegularExpressions;
using KopsPlatform.Migrate.Terraform;
using KopsPlatform.Network;

namespace KopsPlatform.Migrate.TerraformVpc;

/// <summary>A resource of the module and the <see cref="Vpc"/> child that adopts it, with the id Pulumi.Aws imports it by.</summary>
public sealed record MappedResource(StateInstance Instance, VpcResource Resource, string ImportId);

/// <summary>What the first <c>up</c> after the import changes in a mapped resource's tags.</summary>
/// <param name="Changes">One entry per key: <c>Name: old -> new</c>, <c>+key=value</c>, <c>-key=value</c>.</param>
public sealed record TagChange(MappedResource Mapped, IReadOnlyList<string> Changes);

/// <summary>A network switch the written config leaves off, and what turning it on would add.</summary>
public sealed record LaterAddition(string Key, IReadOnlyList<VpcResource> Adds);

/// <summary>
/// A terraform-vpc module read as the <see cref="Vpc"/> component that replaces it: the network config that gives the
/// same VPC, and each of the module's resources with the child that adopts it. Refuses (with the resource's address)
/// whatever the program would replace, or can't express, rather than mapping it loosely.
/// </summary>
public sealed partial class VpcMigration
{
    private const string AnyIpv4 = "0.0.0.0/0";

    // terraform-vpc's resources: declared once, counted per zone, or counted per NAT gateway.
    private const string AwsVpc = "aws_vpc";
    private const string AwsInternetGateway = "aws_internet_gateway";
    private const string AwsSubnet = "aws_subnet";
    private const string AwsRouteTable = "aws_route_table";
    private const string AwsRoute = "aws_route";
    private const string AwsAssociation = "aws_route_table_association";
    private const string AwsEip = "aws_eip";
    private const string AwsNatGateway = "aws_nat_gateway";
    private const string AwsVpcEndpoint = "aws_vpc_endpoint";

    private static readonly Dictionary<SubnetTier, string> SubnetNames = new()
    {
        [SubnetTier.Admin] = "admin",
        [SubnetTier.Public] = "public",
        [SubnetTier.PrivateProd] = "private_prod",
        [SubnetTier.PrivateWorking] = "private_working",
    };

    private static readonly Dictionary<SubnetTier, string> AssociationNames = new()
    {
        [SubnetTier.Admin] = "private_admin",
        [SubnetTier.Public] = "public_public",
        [SubnetTier.PrivateProd] = "private_private_prod",
        [SubnetTier.PrivateWorking] = "private_private_working",
    };

    private static readonly (string Type, string Name)[] Singles =
        [(AwsVpc, "default"), (AwsInternetGateway, "default"), (AwsRouteTable, "public"), (AwsRoute, "public_internet_gateway")];

    private static readonly (string Type, string Name)[] PerZone =
        [.. SubnetTiers.All.Select(tier => (AwsSubnet, SubnetNames[tier])), .. SubnetTiers.All.Select(tier => (AwsAssociation, AssociationNames[tier]))];

    private static readonly (string Type, string Name)[] PerNat =
        [(AwsEip, "mod_nat"), (AwsNatGateway, "nat_gateway"), (AwsRouteTable, "private"), (AwsRoute, "private_nat_gateway")];

    private static readonly (string Type, string Name) S3 = (AwsVpcEndpoint, "s3_endpoint");

    private VpcMigration()
    {
    }

    public required string NetworkName { get; init; }

    /// <summary>Where the name came from, for the summary.</summary>
    public required string NameSource { get; init; }

    public required string Region { get; init; }

    public required string Cidr { get; init; }

    public required IReadOnlyList<string> Zones { get; init; }

    public required NatGatewayStrategy NatGateways { get; init; }

    public required bool S3Endpoint { get; init; }

    /// <summary>The module's global tags, which become the network's <c>tags</c>.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The component and its children, as the program registers them with the written config.</summary>
    public required IReadOnlyList<VpcResource> Layout { get; init; }

    /// <summary>Every resource of the module, in the order the component registers its counterpart.</summary>
    public required IReadOnlyList<MappedResource> Mapped { get; init; }

    /// <summary>Children the program registers that the module had no resource for (nothing, with the written config).</summary>
    public required IReadOnlyList<VpcResource> Added { get; init; }

    public required IReadOnlyList<LaterAddition> LaterAdditions { get; init; }

    public required IReadOnlyList<TagChange> TagChanges { get; init; }

    /// <summary>Mapped resources whose tags the program leaves as they are (kops tags them too).</summary>
    public required IReadOnlyList<MappedResource> TagsKept { get; init; }

    /// <summary>In-place changes besides tags the first <c>up</c> makes.</summary>
    public required IReadOnlyList<string> OtherChanges { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    /// <param name="networkName">The <c>--network-name</c> given, or null to derive it from the VPC's Name tag.</param>
    public static VpcMigration Plan(TerraformVpcModule module, string? networkName)
    {
        CheckEveryResourceIsTheModules(module);

        var vpc = Single(module, AwsVpc, "default");
        var internetGateway = Single(module, AwsInternetGateway, "default");
        var publicRouteTable = Single(module, AwsRouteTable, "public");
        var publicRoute = Single(module, AwsRoute, "public_internet_gateway");

        var subnets = SubnetTiers.All.ToDictionary(tier => tier, tier => Counted(module, AwsSubnet, SubnetNames[tier]));
        var zoneCount = subnets[SubnetTier.Admin].Count;
        if (zoneCount is 0 or > AddressPlan.MaxZones)
        {
            throw new MigrationException(
                $"{module.Address(AwsSubnet, "admin")}: {zoneCount} zones in the state; the program's plan holds 1 to {AddressPlan.MaxZones}.");
        }

        foreach (var (type, resourceName) in PerZone)
        {
            CheckIndexes(module, type, resourceName, zoneCount, $"one per zone, and {module.Address(AwsSubnet, "admin")} has {zoneCount}");
        }

        var associations = SubnetTiers.All.ToDictionary(tier => tier, tier => Counted(module, AwsAssociation, AssociationNames[tier]));

        var natGateways = Counted(module, AwsNatGateway, "nat_gateway");
        var natCount = natGateways.Count;
        var strategy = NatStrategy(module, zoneCount, natCount);
        foreach (var (type, resourceName) in PerNat)
        {
            CheckIndexes(module, type, resourceName, natCount, $"one per NAT gateway, and {module.Address(AwsNatGateway, "nat_gateway")} has {natCount}");
        }

        var addresses = Counted(module, AwsEip, "mod_nat");
        var privateRouteTables = Counted(module, AwsRouteTable, "private");
        var privateRoutes = Counted(module, AwsRoute, "private_nat_gateway");
        var endpoints = Counted(module, S3.Type, S3.Name);
        CheckIndexes(module, S3.Type, S3.Name, endpoints.Count, "zero or one");
        var endpoint = endpoints.GetValueOrDefault(0);

        var cidr = VpcBlock(vpc);
        var zones = ZonesOf(subnets, zoneCount);
        var region = zones[0][..^1];
        var name = networkName ?? NetworkNames.FromNameTag(vpc.Tags.GetValueOrDefault("Name"), vpc.Address);
        var tags = GlobalTags(module.Instances.Where(instance => instance.Resource.Type != AwsVpcEndpoint));
        var args = new VpcArgs
        {
            CidrBlock = cidr.ToString(),
            AvailabilityZones = zones,
            NatGateways = strategy,
            S3Endpoint = endpoint is not null,
            EcrEndpoints = false,
            FlowLogs = false,
            EmptyDefaultSecurityGroup = false,
            ManageDefaultNetworkAcl = false,
        };
        var layout = VpcLayout.Of(name, args);

        StateInstance? Counterpart(VpcResource resource) => resource.Part switch
        {
            VpcPart.Vpc => vpc,
            VpcPart.InternetGateway => internetGateway,
            VpcPart.Subnet => subnets[resource.Tier!.Value][resource.Index!.Value],
            VpcPart.PublicRouteTable => publicRouteTable,
            VpcPart.PublicDefaultRoute => publicRoute,
            VpcPart.PublicRouteTableAssociation or VpcPart.PrivateRouteTableAssociation => associations[resource.Tier!.Value][resource.Index!.Value],
            VpcPart.NatAddress => addresses[resource.Index!.Value],
            VpcPart.NatGateway => natGateways[resource.Index!.Value],
            VpcPart.PrivateRouteTable => privateRouteTables[resource.Index!.Value],
            VpcPart.PrivateDefaultRoute => privateRoutes[resource.Index!.Value],
            VpcPart.S3Endpoint => endpoint,
            VpcPart.S3EndpointAssociation => EndpointServes(privateRouteTables[resource.Index!.Value]) ? endpoint : null,
            _ => null,
        };

        // The module lists the endpoint's route tables inline; AWS keeps each as an association, which the program
        // adopts as a resource of its own, by the id Pulumi.Aws documents: endpoint/route table.
        bool EndpointServes(StateInstance routeTable) => endpoint?.Texts("route_table_ids").Contains(routeTable.RequiredText("id")) == true;
        string ImportIdOf(VpcResource resource, StateInstance instance) => resource.Part == VpcPart.S3EndpointAssociation
            ? $"{instance.RequiredText("id")}/{privateRouteTables[resource.Index!.Value].RequiredText("id")}"
            : ImportId(resource.Part, instance);

        var children = layout.Where(resource => resource.Part != VpcPart.Component).ToList();
        var mapped = children
            .Select(resource => (Resource: resource, Instance: Counterpart(resource)))
            .Where(pair => pair.Instance is not null)
            .Select(pair => new MappedResource(pair.Instance!, pair.Resource, ImportIdOf(pair.Resource, pair.Instance!)))
            .ToList();
        var unmapped = module.Instances.Except(mapped.Select(m => m.Instance)).FirstOrDefault();
        if (unmapped is not null)
        {
            throw new InvalidOperationException($"{unmapped.Address} was checked but not mapped.");
        }

        // What would make the program replace (or rewire) a resource it adopts: every id is the state's own.
        var plan = AddressPlan.Create(cidr, zoneCount);
        var vpcId = vpc.RequiredText("id");
        var publicRouteTableId = publicRouteTable.RequiredText("id");
        foreach (var tier in SubnetTiers.All)
        {
            for (var zone = 0; zone < zoneCount; zone++)
            {
                var subnet = subnets[tier][zone];
                var expected = plan[tier].Subnets[zone].ToString();
                if (subnet.RequiredText("cidr_block") != expected)
                {
                    throw new MigrationException(
                        $"{subnet.Address}: {subnet.Text("cidr_block")} is not the module's layout, in which the {tier.TagValue()} subnet of zone {zone} "
                        + $"of {cidr} is {expected}; a subnet's block can't change without replacing it, so the program can't adopt this VPC.");
                }

                Expect(subnet, "vpc_id", vpcId, $"the VPC {vpc.Address}");
                Expect(associations[tier][zone], "subnet_id", subnet.RequiredText("id"), $"the subnet {subnet.Address}");
                Expect(
                    associations[tier][zone],
                    "route_table_id",
                    tier.IsPrivatelyRouted() ? privateRouteTables[zone % natCount].RequiredText("id") : publicRouteTableId,
                    tier.IsPrivatelyRouted() ? $"the private route table {privateRouteTables[zone % natCount].Address}" : $"the public route table {publicRouteTable.Address}");
            }
        }

        Expect(internetGateway, "vpc_id", vpcId, $"the VPC {vpc.Address}");
        Expect(publicRouteTable, "vpc_id", vpcId, $"the VPC {vpc.Address}");
        ExpectDefaultRoute(publicRoute, publicRouteTable, "gateway_id", internetGateway);
        for (var nat = 0; nat < natCount; nat++)
        {
            var address = addresses[nat];
            if (address.Text("domain") is { } domain ? domain != "vpc" : address.Flag("vpc") != true)
            {
                throw new MigrationException(
                    $"{address.Address}: not a VPC address (domain {address.Text("domain") ?? "unset"}); the program's NAT addresses are domain vpc, and a change of domain replaces the address.");
            }

            Expect(natGateways[nat], "subnet_id", subnets[SubnetTier.Public][nat].RequiredText("id"), $"the public subnet {subnets[SubnetTier.Public][nat].Address}");
            Expect(natGateways[nat], "allocation_id", ImportId(VpcPart.NatAddress, address), $"the address {address.Address}");
            if (natGateways[nat].Text("connectivity_type") is { } connectivity && connectivity != "public")
            {
                throw new MigrationException($"{natGateways[nat].Address}: a {connectivity} NAT gateway; the program's are public, and the change replaces it.");
            }

            Expect(privateRouteTables[nat], "vpc_id", vpcId, $"the VPC {vpc.Address}");
            ExpectDefaultRoute(privateRoutes[nat], privateRouteTables[nat], "nat_gateway_id", natGateways[nat]);
        }

        var otherChanges = new List<string>();
        var notes = new List<string>();
        foreach (var flag in new[] { "enable_dns_support", "enable_dns_hostnames" })
        {
            if (vpc.Flag(flag) == false)
            {
                otherChanges.Add($"{Describe(mapped, vpc)}: {flag} false -> true");
            }
        }

        otherChanges.AddRange(subnets.Values.SelectMany(tier => tier.Values)
            .Where(subnet => subnet.Flag("map_public_ip_on_launch") == true)
            .Select(subnet => $"{Describe(mapped, subnet)}: map_public_ip_on_launch true -> false"));

        if (endpoint is not null)
        {
            Expect(endpoint, "vpc_id", vpcId, $"the VPC {vpc.Address}");
            Expect(endpoint, "service_name", $"com.amazonaws.{region}.s3", $"S3 in {region}, the region of the zones");
            if (endpoint.Text("vpc_endpoint_type") is { } type && type != "Gateway")
            {
                throw new MigrationException($"{endpoint.Address}: a {type} endpoint; the program's S3 endpoint is a Gateway endpoint, and the change replaces it.");
            }

            var ours = privateRouteTables.Values.Select(table => table.RequiredText("id")).ToList();
            var foreign = endpoint.Texts("route_table_ids").Except(ours, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (foreign.Count > 0)
            {
                notes.Add(
                    $"{Describe(mapped, endpoint)} also serves route tables {string.Join(", ", foreign)}, which are not the module's: "
                    + "they stay on the endpoint, and the program neither imports nor manages them.");
            }
        }

        var (tagChanges, tagsKept) = TagChangesOf(mapped, tags);
        if (zoneCount == 1)
        {
            notes.Add("With one zone, onePerAz and single are the same network; it is written as onePerAz, so a zone added later gets a NAT gateway of its own.");
        }

        return new VpcMigration
        {
            NetworkName = name,
            NameSource = networkName is not null ? "--network-name" : $"the VPC's Name tag \"{vpc.Tags["Name"]}\"",
            Region = region,
            Cidr = cidr.ToString(),
            Zones = zones,
            NatGateways = strategy,
            S3Endpoint = endpoint is not null,
            Tags = tags,
            Layout = layout,
            Mapped = mapped,
            Added = [.. children.Where(resource => Counterpart(resource) is null)],
            LaterAdditions = LaterAdditionsOf(name, args, layout),
            TagChanges = tagChanges,
            TagsKept = tagsKept,
            OtherChanges = otherChanges,
            Notes = notes,
        };
    }

    /// <summary>A child as the summary names it: type and logical name.</summary>
    public static string Describe(VpcResource resource) => $"{resource.Type} {resource.Name}";

    /// <summary>The child that adopts the instance (the endpoint, not its route table associations, for the endpoint).</summary>
    private static string Describe(IEnumerable<MappedResource> mapped, StateInstance instance) =>
        Describe(mapped.First(m => m.Instance == instance).Resource);

    /// <summary>The import id Pulumi.Aws documents for each type: routes and associations by what they join.</summary>
    private static string ImportId(VpcPart part, StateInstance instance) => part switch
    {
        VpcPart.PublicDefaultRoute or VpcPart.PrivateDefaultRoute =>
            $"{instance.RequiredText("route_table_id")}_{instance.RequiredText("destination_cidr_block")}",
        VpcPart.PublicRouteTableAssociation or VpcPart.PrivateRouteTableAssociation =>
            $"{instance.RequiredText("subnet_id")}/{instance.RequiredText("route_table_id")}",
        VpcPart.NatAddress => instance.Text("allocation_id") ?? instance.RequiredText("id"),
        _ => instance.RequiredText("id"),
    };

    private static void CheckEveryResourceIsTheModules(TerraformVpcModule module)
    {
        foreach (var instance in module.Instances)
        {
            var key = (instance.Resource.Type, instance.Resource.Name);
            if (Singles.Contains(key))
            {
                if (instance.IndexKey is not null)
                {
                    throw new MigrationException($"{instance.Address}: terraform-vpc declares {key.Type}.{key.Name} once, without count or for_each.");
                }
            }
            else if (PerZone.Contains(key) || PerNat.Contains(key) || key == S3)
            {
                if (instance.Index is null)
                {
                    throw new MigrationException($"{instance.Address}: terraform-vpc counts {key.Type}.{key.Name} with count, but this instance has no count index.");
                }
            }
            else
            {
                throw new MigrationException(
                    $"{instance.Address}: not one of terraform-vpc's resources, so the program has nothing to adopt it as; "
                    + "move it out of the module's state (terraform state mv) or remove it before migrating.");
            }
        }
    }

    private static StateInstance Single(TerraformVpcModule module, string type, string name) =>
        module.Of(type, name) switch
        {
            [var only] => only,
            [] => throw new MigrationException($"{module.Address(type, name)} is missing from the state, and terraform-vpc always has it."),
            _ => throw new MigrationException($"{module.Address(type, name)} has several instances in the state; terraform-vpc declares it once."),
        };

    private static Dictionary<int, StateInstance> Counted(TerraformVpcModule module, string type, string name)
    {
        var instances = new Dictionary<int, StateInstance>();
        foreach (var instance in module.Of(type, name))
        {
            if (!instances.TryAdd(instance.Index!.Value, instance))
            {
                throw new MigrationException($"{instance.Address} is in the state twice.");
            }
        }

        return instances;
    }

    /// <summary>Every index from 0 to count - 1, and no other.</summary>
    private static void CheckIndexes(TerraformVpcModule module, string type, string name, int count, string why)
    {
        var indexes = Counted(module, type, name).Keys.ToHashSet();
        for (var index = 0; index < count; index++)
        {
            if (!indexes.Contains(index))
            {
                throw new MigrationException($"{module.Address(type, name, index)} is missing from the state: terraform-vpc has {why}.");
            }
        }

        if (indexes.FirstOrDefault(index => index >= count, -1) is var extra and >= 0)
        {
            throw new MigrationException($"{module.Address(type, name, extra)}: one too many, as terraform-vpc has {why}.");
        }
    }

    /// <summary>N = multi_az_nat_gateway × zones + single_nat_gateway: N = zones is one per zone, N = 1 one for all.</summary>
    private static NatGatewayStrategy NatStrategy(TerraformVpcModule module, int zoneCount, int natCount)
    {
        if (natCount == zoneCount)
        {
            return NatGatewayStrategy.OnePerAz;
        }

        if (natCount == 1)
        {
            return NatGatewayStrategy.Single;
        }

        var nat = module.Address(AwsNatGateway, "nat_gateway");
        var zones = zoneCount == 1 ? "1 zone" : $"{zoneCount} zones";
        throw new MigrationException(natCount switch
        {
            0 => $"{nat}: no NAT gateway (multi_az_nat_gateway and single_nat_gateway both 0); the program always gives the private tiers a NAT gateway.",
            _ when natCount == zoneCount + 1 =>
                $"{module.Address(AwsNatGateway, "nat_gateway", zoneCount)}: {natCount} NAT gateways for {zones} is the legacy double NAT "
                + "(multi_az_nat_gateway = 1 and single_nat_gateway = 1), which the program can't express: set single_nat_gateway = 0 and apply "
                + $"(it removes nat_gateway[{zoneCount}] with its address, route table and route), then pull the state again.",
            _ => $"{nat}: {natCount} NAT gateways for {zones}; the program has one per zone (onePerAz) or one for all (single).",
        });
    }

    private static IPNetwork VpcBlock(StateInstance vpc)
    {
        var text = vpc.RequiredText("cidr_block");
        if (Ipv4.Parse(text).Network is not { } cidr)
        {
            throw new MigrationException($"{vpc.Address}: cidr_block '{text}' is not an IPv4 block.");
        }

        if (cidr.PrefixLength is < AddressPlan.MinPrefixLength or > AddressPlan.MaxPrefixLength)
        {
            throw new MigrationException(
                $"{vpc.Address}: {cidr} is a /{cidr.PrefixLength}; the program's four-tier plan needs a /{AddressPlan.MinPrefixLength} to /{AddressPlan.MaxPrefixLength}, so it can't adopt this VPC.");
        }

        if (vpc.Text("instance_tenancy") is { } tenancy && tenancy != "default")
        {
            throw new MigrationException($"{vpc.Address}: instance_tenancy {tenancy}; the program's VPCs have default tenancy, which would change what every new instance runs on.");
        }

        return cidr;
    }

    /// <summary>Zone i is where the module put every tier's i-th subnet; the region is theirs.</summary>
    private static List<string> ZonesOf(Dictionary<SubnetTier, Dictionary<int, StateInstance>> subnets, int zoneCount)
    {
        var zones = new List<string>();
        for (var zone = 0; zone < zoneCount; zone++)
        {
            var first = subnets[SubnetTier.Admin][zone];
            var name = first.RequiredText("availability_zone");
            if (!ZoneName().IsMatch(name))
            {
                throw new MigrationException($"{first.Address}: '{name}' is not an availability zone name such as us-east-1a.");
            }

            foreach (var tier in SubnetTiers.All)
            {
                var subnet = subnets[tier][zone];
                if (subnet.RequiredText("availability_zone") != name)
                {
                    throw new MigrationException(
                        $"{subnet.Address}: in {subnet.Text("availability_zone")}, but zone {zone} of the module is {name} ({first.Address}); "
                        + "the program keeps every tier's i-th subnet in zone i, and a subnet can't move without being replaced.");
                }
            }

            var before = zones.IndexOf(name);
            if (before >= 0)
            {
                throw new MigrationException($"{first.Address}: zone {zone} is {name}, as zone {before} is; the program needs distinct zones.");
            }

            if (zones.Count > 0 && name[..^1] != zones[0][..^1])
            {
                throw new MigrationException($"{first.Address}: {name} is not in {zones[0][..^1]}, the region of zone 0 ({subnets[SubnetTier.Admin][0].Address}).");
            }

            zones.Add(name);
        }

        return zones;
    }

    /// <summary>The tags every tagged resource of the module has alike (global_tags), but Name and AWS's own.</summary>
    private static SortedDictionary<string, string> GlobalTags(IEnumerable<StateInstance> tagged)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var instance in tagged.Where(instance => instance.Resource.Type is not (AwsRoute or AwsAssociation)))
        {
            var tags = instance.Tags;
            common ??= new SortedDictionary<string, string>(
                tags.Where(tag => tag.Key != "Name" && !IsAwsTag(tag.Key)).ToDictionary(), StringComparer.Ordinal);
            foreach (var key in common.Keys.ToList())
            {
                if (!tags.TryGetValue(key, out var value) || value != common[key])
                {
                    common.Remove(key);
                }
            }
        }

        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    private static (List<TagChange> Changes, List<MappedResource> Kept) TagChangesOf(List<MappedResource> mapped, IReadOnlyDictionary<string, string> networkTags)
    {
        var changes = new List<TagChange>();
        var kept = new List<MappedResource>();
        foreach (var resource in mapped)
        {
            if (resource.Resource.Tags(networkTags) is not { } wanted)
            {
                continue;
            }

            if (resource.Resource.KeepsItsTags)
            {
                kept.Add(resource);
                continue;
            }

            var current = resource.Instance.Tags;
            var lines = new List<string>();
            foreach (var key in current.Keys.Union(wanted.Keys).Where(key => !IsAwsTag(key)).Order(StringComparer.Ordinal))
            {
                var had = current.TryGetValue(key, out var before);
                var gets = wanted.TryGetValue(key, out var after);
                if (had && gets && before != after)
                {
                    lines.Add($"{key}: {before} -> {after}");
                }
                else if (gets && !had)
                {
                    lines.Add($"+{key}={after}");
                }
                else if (had && !gets)
                {
                    lines.Add($"-{key}={before}");
                }
            }

            if (lines.Count > 0)
            {
                changes.Add(new TagChange(resource, lines));
            }
        }

        return (changes, kept);
    }

    /// <summary>The switches the written config leaves off, each with the children turning it on would add.</summary>
    private static List<LaterAddition> LaterAdditionsOf(string name, VpcArgs written, IReadOnlyList<VpcResource> layout)
    {
        var present = layout.Select(resource => (resource.Type, resource.Name)).ToHashSet();
        VpcArgs With(Action<VpcArgs> change)
        {
            var args = new VpcArgs
            {
                CidrBlock = written.CidrBlock,
                AvailabilityZones = written.AvailabilityZones,
                NatGateways = written.NatGateways,
                S3Endpoint = written.S3Endpoint,
                EcrEndpoints = written.EcrEndpoints,
                FlowLogs = written.FlowLogs,
                EmptyDefaultSecurityGroup = written.EmptyDefaultSecurityGroup,
                ManageDefaultNetworkAcl = written.ManageDefaultNetworkAcl,
            };
            change(args);
            return args;
        }

        var switches = new List<(string Key, bool On, Action<VpcArgs> TurnOn)>
        {
            (NetworkKeys.S3Endpoint, written.S3Endpoint, args => args.S3Endpoint = true),
            (NetworkKeys.FlowLogsEnabled, written.FlowLogs, args => args.FlowLogs = true),
            (NetworkKeys.EmptyDefaultSecurityGroup, written.EmptyDefaultSecurityGroup, args => args.EmptyDefaultSecurityGroup = true),
            (NetworkKeys.ManageDefaultNetworkAcl, written.ManageDefaultNetworkAcl, args => args.ManageDefaultNetworkAcl = true),
            (NetworkKeys.EcrEndpoints, written.EcrEndpoints, args => args.EcrEndpoints = true),
        };
        return [.. switches
            .Where(s => !s.On)
            .Select(s => new LaterAddition(s.Key, [.. VpcLayout.Of(name, With(s.TurnOn)).Where(resource => !present.Contains((resource.Type, resource.Name)))]))];
    }

    private static void Expect(StateInstance instance, string attribute, string expected, string what)
    {
        var actual = instance.Text(attribute);
        if (actual != expected)
        {
            throw new MigrationException(
                $"{instance.Address}: {attribute} is {actual ?? "unset"}, but the program gives it {expected}, {what}; it can't adopt the resource as it is.");
        }
    }

    private static void ExpectDefaultRoute(StateInstance route, StateInstance routeTable, string targetAttribute, StateInstance target)
    {
        Expect(route, "route_table_id", routeTable.RequiredText("id"), $"the route table {routeTable.Address}");
        Expect(route, "destination_cidr_block", AnyIpv4, "its default route");
        Expect(route, targetAttribute, target.RequiredText("id"), target.Address);
    }

    private static bool IsAwsTag(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$")]
    private static partial Regex ZoneName();
}

/// <summary>The <c>kops-platform:network</c> keys the tool writes or names.</summary>
public static class NetworkKeys
{
    public const string S3Endpoint = "s3Endpoint";
    public const string FlowLogsEnabled = "flowLogs.enabled";
    public const string EmptyDefaultSecurityGroup = "emptyDefaultSecurityGroup";
    public const string ManageDefaultNetworkAcl = "manageDefaultNetworkAcl";
    public const string EcrEndpoints = "ecrEndpoints";
}
