using System.Collections;
using System.Text.Json;
using KopsPlatform.Infra;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Migrate;

/// <summary>
/// The round trip of issue 12: the config and import file the tool writes for a hand-written state, run as the stack
/// under the mock engine with every resource holding the id it is imported by, register exactly the imported
/// resources (same type, logical name and parent: the import creates nothing and leaves nothing to delete), and every
/// property whose change would replace a resource is what the Terraform state records.
/// </summary>
[Collection(PulumiEngine.Name)]
public class TerraformVpcRoundTripTests
{
    // The module's resource types and the Pulumi.Aws types that adopt them.
    private static readonly Dictionary<string, string> PulumiTypes = new()
    {
        ["aws_vpc"] = "aws:ec2/vpc:Vpc",
        ["aws_internet_gateway"] = "aws:ec2/internetGateway:InternetGateway",
        ["aws_subnet"] = "aws:ec2/subnet:Subnet",
        ["aws_route_table"] = "aws:ec2/routeTable:RouteTable",
        ["aws_route"] = "aws:ec2/route:Route",
        ["aws_route_table_association"] = "aws:ec2/routeTableAssociation:RouteTableAssociation",
        ["aws_eip"] = "aws:ec2/eip:Eip",
        ["aws_nat_gateway"] = "aws:ec2/natGateway:NatGateway",
        ["aws_vpc_endpoint"] = "aws:ec2/vpcEndpoint:VpcEndpoint",
    };

    // Per type, the program's inputs that must equal the state's attributes for the first up to replace (or rewire)
    // nothing: blocks, zones, the VPC, NAT subnet and allocation, route tables and route targets, endpoint service.
    private static readonly Dictionary<string, (string Input, string Attribute)[]> Pinned = new()
    {
        ["aws:ec2/vpc:Vpc"] = [("cidrBlock", "cidr_block")],
        ["aws:ec2/internetGateway:InternetGateway"] = [("vpcId", "vpc_id")],
        ["aws:ec2/subnet:Subnet"] = [("vpcId", "vpc_id"), ("cidrBlock", "cidr_block"), ("availabilityZone", "availability_zone")],
        ["aws:ec2/routeTable:RouteTable"] = [("vpcId", "vpc_id")],
        ["aws:ec2/route:Route"] =
            [("routeTableId", "route_table_id"), ("destinationCidrBlock", "destination_cidr_block"), ("gatewayId", "gateway_id"), ("natGatewayId", "nat_gateway_id")],
        ["aws:ec2/routeTableAssociation:RouteTableAssociation"] = [("subnetId", "subnet_id"), ("routeTableId", "route_table_id")],
        ["aws:ec2/eip:Eip"] = [("domain", "domain")],
        ["aws:ec2/natGateway:NatGateway"] = [("subnetId", "subnet_id"), ("allocationId", "allocation_id")],
        ["aws:ec2/vpcEndpoint:VpcEndpoint"] = [("vpcId", "vpc_id"), ("serviceName", "service_name"), ("vpcEndpointType", "vpc_endpoint_type")],
        [EndpointAssociation] = [("vpcEndpointId", "vpc_endpoint_id"), ("routeTableId", "route_table_id")],
    };

    private const string EndpointAssociation = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";

    [Theory]
    [InlineData("three-zones-per-az-nat-s3.tfstate.json", "module.vpc", "prod", 44)]
    [InlineData("two-zones-single-nat.tfstate.json", "module.network", "staging", 24)]
    [InlineData("four-zones.tfstate.json", "module.platform.module.vpc", "core", 52)]
    [InlineData("one-zone.tfstate.json", "module.vpc", "edge", 16)]
    public async Task The_stack_registers_exactly_the_imported_resources_with_the_states_replace_forcing_properties(
        string fixture, string module, string stack, int moduleResources)
    {
        using var run = new MigrateRun();
        var result = run.TerraformVpc(fixture, stack);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var config = StackConfig.LoadFile(Path.Combine(run.Out, $"Pulumi.{stack}.yaml"));
        var entries = ImportEntries(run.Written("import.json"));
        var region = (string)config["aws:region"];

        var mocks = new AwsMocks(region);
        foreach (var entry in entries.Where(e => e.Id is not null))
        {
            mocks.Ids[(entry.Type, entry.Name)] = entry.Id!;
        }

        await PulumiRun.Stack<PlatformStack>(mocks, config, stack: stack);

        // The stack reads its own last outputs through a StackReference: a read, not a resource the import must bring.
        var registered = mocks.Registrations.Where(r => r.Type != "pulumi:pulumi:StackReference").ToList();
        Assert.Equal(
            entries.Select(e => $"{e.Type} {e.Name}").Order(StringComparer.Ordinal),
            registered.Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal));

        // Every resource of the module is imported once, by the id Pulumi.Aws documents for its type.
        var state = ModuleInstances(fixture, module);
        Assert.Equal(moduleResources, state.Count);
        Assert.Equal(state.Keys.Order(), entries.Where(e => e.Id is not null).Select(e => (e.Type, e.Id!)).Order());

        foreach (var entry in entries.Where(e => e.Id is not null))
        {
            var attributes = state[(entry.Type, entry.Id!)];
            var inputs = registered.Single(r => r.Type == entry.Type && r.Name == entry.Name).Inputs;
            foreach (var (input, attribute) in Pinned[entry.Type])
            {
                Assert.True(
                    Text(attributes, attribute) == (inputs.TryGetValue(input, out var value) ? NullIfEmpty((string)value) : null),
                    $"{entry.Type} {entry.Name}: {input} is {(inputs.TryGetValue(input, out var v) ? v : "unset")}, the state's {attribute} {Text(attributes, attribute) ?? "unset"}");
            }

            // The program never sets the inline list, so the endpoint's other route tables stay where they are.
            if (entry.Type == "aws:ec2/vpcEndpoint:VpcEndpoint")
            {
                Assert.False(inputs.ContainsKey("routeTableIds"));
            }
        }
    }

    [Theory]
    [InlineData("three-zones-per-az-nat-s3.tfstate.json", "prod")]
    [InlineData("two-zones-single-nat.tfstate.json", "staging")]
    [InlineData("four-zones.tfstate.json", "core")]
    public async Task Every_import_entry_has_the_parent_the_program_gives_it(string fixture, string stack)
    {
        using var run = new MigrateRun();
        Assert.Equal(0, run.TerraformVpc(fixture, stack).ExitCode);
        var config = StackConfig.LoadFile(Path.Combine(run.Out, $"Pulumi.{stack}.yaml"));
        var entries = ImportEntries(run.Written("import.json"));

        // The stack creates the Vpc as PlatformStack does, from the same config, with no parent of its own (so the stack's).
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(new AwsMocks((string)config["aws:region"]), () =>
        {
            var platform = PlatformConfig.Load();
            _ = new Vpc(platform.NetworkName!, platform.Vpc!, new ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } });
        }, config: config);

        foreach (var entry in entries)
        {
            var parent = recorder[entry.Type, entry.Name].Parent;
            Assert.Equal(entry.Parent, parent?.GetResourceName());
            Assert.Equal(entry.Parent is null ? null : Vpc.TypeToken, parent?.GetResourceType());
        }

        var component = Assert.Single(entries, e => e.Component);
        Assert.Equal((Vpc.TypeToken, (string?)null, (string?)null), (component.Type, component.Id, component.Parent));
    }

    internal sealed record ImportEntry(string Type, string Name, string? Id, string? Parent, bool Component);

    internal static List<ImportEntry> ImportEntries(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("nameTable").ValueKind);
        return [.. document.RootElement.GetProperty("resources").EnumerateArray().Select(entry => new ImportEntry(
            entry.GetProperty("type").GetString()!,
            entry.GetProperty("name").GetString()!,
            entry.TryGetProperty("id", out var id) ? id.GetString() : null,
            entry.TryGetProperty("parent", out var parent) ? parent.GetString() : null,
            entry.TryGetProperty("component", out var component) && component.GetBoolean()))];
    }

    /// <summary>
    /// The module's managed instances in the fixture, by Pulumi type and the id Pulumi.Aws imports them by, and the
    /// endpoint's associations with the module's private route tables, which AWS holds as resources of their own.
    /// </summary>
    private static Dictionary<(string Type, string Id), JsonElement> ModuleInstances(string fixture, string module)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MigrateRun.Fixture(fixture)));
        var instances = new Dictionary<(string, string), JsonElement>();
        var resources = document.RootElement.GetProperty("resources").EnumerateArray()
            .Where(r => r.TryGetProperty("module", out var m) && m.GetString() == module && r.GetProperty("mode").GetString() == "managed")
            .ToList();
        foreach (var resource in resources)
        {
            var type = resource.GetProperty("type").GetString()!;
            foreach (var instance in resource.GetProperty("instances").EnumerateArray())
            {
                var a = instance.GetProperty("attributes").Clone();
                var id = type switch
                {
                    "aws_route" => $"{Text(a, "route_table_id")}_{Text(a, "destination_cidr_block")}",
                    "aws_route_table_association" => $"{Text(a, "subnet_id")}/{Text(a, "route_table_id")}",
                    _ => Text(a, "id")!,
                };
                instances.Add((PulumiTypes[type], id), a);
            }
        }

        var privateRouteTables = resources
            .Where(r => r.GetProperty("type").GetString() == "aws_route_table" && r.GetProperty("name").GetString() == "private")
            .SelectMany(r => r.GetProperty("instances").EnumerateArray())
            .Select(i => Text(i.GetProperty("attributes"), "id")!)
            .ToHashSet();
        foreach (var endpoint in instances.Where(i => i.Key.Item1 == "aws:ec2/vpcEndpoint:VpcEndpoint").ToList())
        {
            foreach (var routeTable in endpoint.Value.GetProperty("route_table_ids").EnumerateArray().Select(id => id.GetString()!).Where(privateRouteTables.Contains))
            {
                instances.Add(
                    (EndpointAssociation, $"{endpoint.Key.Item2}/{routeTable}"),
                    JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["vpc_endpoint_id"] = endpoint.Key.Item2, ["route_table_id"] = routeTable }));
            }
        }

        return instances;
    }

    private static string? Text(JsonElement attributes, string name) =>
        attributes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? NullIfEmpty(value.GetString()) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
