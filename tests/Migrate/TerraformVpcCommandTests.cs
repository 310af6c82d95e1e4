using KopsPlatform.Tests.Testing;
using static KopsPlatform.Tests.Migrate.TerraformVpcRoundTripTests;

namespace KopsPlatform.Tests.Migrate;

/// <summary>
/// <c>terraform-vpc</c> on the hand-written states: what it writes and prints for the ones it adopts, and, for the
/// ones it refuses and for bad input, one line naming the resource or input, exit code 2 and nothing written.
/// </summary>
public class TerraformVpcCommandTests
{
    private const string VpcType = "kops-platform:network:Vpc";
    private const string Subnet = "aws:ec2/subnet:Subnet";
    private const string RouteTable = "aws:ec2/routeTable:RouteTable";
    private const string Route = "aws:ec2/route:Route";
    private const string Association = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    private const string EndpointAssociation = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";

    [Fact]
    public void Two_zones_behind_a_single_NAT_become_a_single_NAT_network_named_after_the_VPCs_Name_tag()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("two-zones-single-nat.tfstate.json", "staging");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(
            """
            # Written by KopsPlatform.Migrate terraform-vpc from module.network of two-zones-single-nat.tfstate.json (serial 17).
            # It gives the VPC the module built, as it is; review it with the tool's summary before the import
            # (README: Migrating from terraform-vpc and kops).
            config:
              aws:region: us-west-2
              kops-platform:network:
                name: staging-vpc
                cidr: "10.20.0.0/16"
                availabilityZones: [us-west-2a, us-west-2b]
                natGateways: single
                s3Endpoint: false
                # Off: the module had none of these, and the import adopts without creating anything. Turn them on in a
                # later change (each adds resources; the tool's summary lists them).
                flowLogs:
                  enabled: false
                emptyDefaultSecurityGroup: false
                manageDefaultNetworkAcl: false
                ecrEndpoints: false
                tags:
                  Author: Fairwinds
                  "Managed By": Terraform
              kops-platform:clusters: []

            """.ReplaceLineEndings("\n"),
            run.Written("Pulumi.staging.yaml"));
        Assert.Equal(
            [
                new(VpcType, "staging-vpc", null, null, true),
                new("aws:ec2/vpc:Vpc", "staging-vpc-vpc", "vpc-02000000000000000", "staging-vpc", false),
                new("aws:ec2/internetGateway:InternetGateway", "staging-vpc-igw", "igw-02000000000000000", "staging-vpc", false),
                new(Subnet, "staging-vpc-admin-0", "subnet-02a00000000000000", "staging-vpc", false),
                new(Subnet, "staging-vpc-admin-1", "subnet-02a00000000000001", "staging-vpc", false),
                new(Subnet, "staging-vpc-public-0", "subnet-02b00000000000000", "staging-vpc", false),
                new(Subnet, "staging-vpc-public-1", "subnet-02b00000000000001", "staging-vpc", false),
                new(Subnet, "staging-vpc-private-prod-0", "subnet-02c00000000000000", "staging-vpc", false),
                new(Subnet, "staging-vpc-private-prod-1", "subnet-02c00000000000001", "staging-vpc", false),
                new(Subnet, "staging-vpc-private-working-0", "subnet-02d00000000000000", "staging-vpc", false),
                new(Subnet, "staging-vpc-private-working-1", "subnet-02d00000000000001", "staging-vpc", false),
                new(RouteTable, "staging-vpc-public", "rtb-02e00000000000000", "staging-vpc", false),
                new(Route, "staging-vpc-public-default", "rtb-02e00000000000000_0.0.0.0/0", "staging-vpc", false),
                new(Association, "staging-vpc-public-0", "subnet-02b00000000000000/rtb-02e00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-public-1", "subnet-02b00000000000001/rtb-02e00000000000000", "staging-vpc", false),
                new("aws:ec2/eip:Eip", "staging-vpc-nat-0", "eipalloc-02900000000000000", "staging-vpc", false),
                new("aws:ec2/natGateway:NatGateway", "staging-vpc-nat-0", "nat-02800000000000000", "staging-vpc", false),
                new(RouteTable, "staging-vpc-private-0", "rtb-02f00000000000000", "staging-vpc", false),
                new(Route, "staging-vpc-private-0-default", "rtb-02f00000000000000_0.0.0.0/0", "staging-vpc", false),
                new(Association, "staging-vpc-admin-0", "subnet-02a00000000000000/rtb-02f00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-admin-1", "subnet-02a00000000000001/rtb-02f00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-private-prod-0", "subnet-02c00000000000000/rtb-02f00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-private-prod-1", "subnet-02c00000000000001/rtb-02f00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-private-working-0", "subnet-02d00000000000000/rtb-02f00000000000000", "staging-vpc", false),
                new(Association, "staging-vpc-private-working-1", "subnet-02d00000000000001/rtb-02f00000000000000", "staging-vpc", false),
            ],
            ImportEntries(run.Written("import.json")));
    }

    [Fact]
    public void The_summary_says_what_is_mapped_what_the_program_would_add_and_which_tags_the_first_up_changes()
    {
        using var run = new MigrateRun();

        var lines = run.TerraformVpc("two-zones-single-nat.tfstate.json", "staging").StdoutLines;

        Assert.Equal(
            [
                "terraform-vpc module.network of two-zones-single-nat.tfstate.json (serial 17) -> stack staging",
                "  network staging-vpc (from the VPC's Name tag \"Staging VPC\"): 10.20.0.0/16 in us-west-2, zones us-west-2a, us-west-2b",
                "  natGateways single, s3Endpoint false, tags Author=Fairwinds, Managed By=Terraform",
                "",
                "Mapped: 24 resources, each imported by its id as the Vpc component's child:",
                "  module.network.aws_vpc.default -> aws:ec2/vpc:Vpc staging-vpc-vpc (vpc-02000000000000000)",
            ],
            lines.Take(6));
        Assert.Contains(
            "  module.network.aws_route_table_association.private_private_working[1] -> aws:ec2/routeTableAssociation:RouteTableAssociation staging-vpc-private-working-1 (subnet-02d00000000000001/rtb-02f00000000000000)",
            lines);
        var willAdd = lines.IndexOf("Will add: nothing with this config. Switched off in it, as the module had none of them; each one turned on later adds:");
        Assert.Equal(
            [
                "  s3Endpoint: aws:ec2/vpcEndpoint:VpcEndpoint staging-vpc-s3, aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation staging-vpc-private-0-s3",
                "  flowLogs.enabled: aws:cloudwatch/logGroup:LogGroup staging-vpc-flow-logs, aws:iam/role:Role staging-vpc-flow-logs, aws:iam/rolePolicy:RolePolicy staging-vpc-flow-logs, aws:ec2/flowLog:FlowLog staging-vpc-flow-logs",
                "  emptyDefaultSecurityGroup: aws:ec2/defaultSecurityGroup:DefaultSecurityGroup staging-vpc-default-sg",
                "  manageDefaultNetworkAcl: aws:ec2/defaultNetworkAcl:DefaultNetworkAcl staging-vpc-default-nacl",
                "  ecrEndpoints: aws:ec2/securityGroup:SecurityGroup staging-vpc-ecr-endpoints, aws:ec2/vpcEndpoint:VpcEndpoint staging-vpc-ecr-api, aws:ec2/vpcEndpoint:VpcEndpoint staging-vpc-ecr-dkr",
                "",
                "Tag changes on the first up (in place, nothing is replaced):",
                "  aws:ec2/internetGateway:InternetGateway staging-vpc-igw: Name: Staging VPC -> staging-vpc",
                "  aws:ec2/subnet:Subnet staging-vpc-admin-0: Name: admin_az1 -> staging-vpc-admin-us-west-2a; +tier=admin",
                "  aws:ec2/subnet:Subnet staging-vpc-admin-1: Name: admin_az2 -> staging-vpc-admin-us-west-2b; +tier=admin",
                "  aws:ec2/subnet:Subnet staging-vpc-public-0: Name: public_az1 -> staging-vpc-public-us-west-2a; +tier=public",
                "  aws:ec2/subnet:Subnet staging-vpc-public-1: Name: public_az2 -> staging-vpc-public-us-west-2b; +tier=public",
                "  aws:ec2/subnet:Subnet staging-vpc-private-prod-0: Name: private_prod_az1 -> staging-vpc-private-prod-us-west-2a; +tier=private-prod",
                "  aws:ec2/subnet:Subnet staging-vpc-private-prod-1: Name: private_prod_az2 -> staging-vpc-private-prod-us-west-2b; +tier=private-prod",
                "  aws:ec2/subnet:Subnet staging-vpc-private-working-0: Name: private_working_az1 -> staging-vpc-private-working-us-west-2a; +tier=private-working",
                "  aws:ec2/subnet:Subnet staging-vpc-private-working-1: Name: private_working_az2 -> staging-vpc-private-working-us-west-2b; +tier=private-working",
                "  aws:ec2/routeTable:RouteTable staging-vpc-public: Name: public -> staging-vpc-public",
                "  aws:ec2/eip:Eip staging-vpc-nat-0: +Name=staging-vpc-nat-us-west-2a",
                "  aws:ec2/routeTable:RouteTable staging-vpc-private-0: Name: private_az1 -> staging-vpc-private-us-west-2a",
                "  tags kept as they are (kops tags these too, so the program never changes their tags): staging-vpc-vpc, staging-vpc-nat-0",
                "",
                "Other changes on the first up: none.",
                "",
                $"Wrote {run.Out}/Pulumi.staging.yaml and {run.Out}/import.json.",
                "Next (README, \"Migrating from terraform-vpc and kops\"): review both, then "
                    + $"`pulumi import --file {run.Out}/import.json --protect=false --generate-code=false`.",
                "",
            ],
            lines.Skip(willAdd + 1));
    }

    [Fact]
    public void Three_zones_with_a_NAT_each_and_the_S3_endpoint_keep_their_zone_order_NATs_and_endpoint()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("three-zones-per-az-nat-s3.tfstate.json", "prod");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            config:
              aws:region: us-east-1
              kops-platform:network:
                name: prod
                cidr: "10.30.0.0/16"
                availabilityZones: [us-east-1a, us-east-1d, us-east-1e]
                natGateways: onePerAz
                s3Endpoint: true
            """.ReplaceLineEndings("\n"),
            string.Join("\n", run.Written("Pulumi.prod.yaml").Split('\n').Skip(3).Take(8)));
        var entries = ImportEntries(run.Written("import.json"));
        Assert.Equal(45, entries.Count);
        Assert.Contains(new("aws:ec2/natGateway:NatGateway", "prod-nat-2", "nat-01800000000000002", "prod", false), entries);
        Assert.Contains(new("aws:ec2/eip:Eip", "prod-nat-1", "eipalloc-01900000000000001", "prod", false), entries);
        Assert.Contains(new(Route, "prod-private-2-default", "rtb-01f00000000000002_0.0.0.0/0", "prod", false), entries);
        Assert.Contains(new(Association, "prod-private-prod-2", "subnet-01c00000000000002/rtb-01f00000000000002", "prod", false), entries);
        Assert.Contains(new(Association, "prod-admin-1", "subnet-01a00000000000001/rtb-01f00000000000001", "prod", false), entries);
        Assert.Contains(new("aws:ec2/vpcEndpoint:VpcEndpoint", "prod-s3", "vpce-01700000000000000", "prod", false), entries);
        Assert.Contains(new(EndpointAssociation, "prod-private-1-s3", "vpce-01700000000000000/rtb-01f00000000000001", "prod", false), entries);
        Assert.DoesNotContain(entries, entry => entry.Id == "vpce-01700000000000000/rtb-0c0ffee0000000000");

        var lines = result.StdoutLines;
        Assert.DoesNotContain(lines, line => line.StartsWith("  s3Endpoint:", StringComparison.Ordinal));
        Assert.Contains("  aws:ec2/subnet:Subnet prod-public-1: Name: public_az2 -> prod-public-us-east-1d; -kubernetes.io/role/elb=1; +tier=public", lines);
        Assert.Contains("  aws:ec2/vpcEndpoint:VpcEndpoint prod-s3: +Author=Fairwinds; +Managed By=Terraform; +Name=prod-s3", lines);
        Assert.Contains("  tags kept as they are (kops tags these too, so the program never changes their tags): prod-vpc, prod-nat-0, prod-nat-1, prod-nat-2", lines);
        Assert.Contains(
            "  module.vpc.aws_vpc_endpoint.s3_endpoint[0] route_table_ids -> aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation prod-private-2-s3 "
                + "(vpce-01700000000000000/rtb-01f00000000000002)",
            lines);
        Assert.Contains(
            "  note: aws:ec2/vpcEndpoint:VpcEndpoint prod-s3 also serves route tables rtb-0c0ffee0000000000, which are not the module's: "
                + "they stay on the endpoint, and the program neither imports nor manages them.",
            lines);
        Assert.Contains("Other changes on the first up: none.", lines);
    }

    [Fact]
    public void A_private_route_table_missing_from_the_endpoint_gets_its_association_on_the_first_up()
    {
        using var run = new MigrateRun();
        var state = run.Variant(
            "three-zones-per-az-nat-s3.tfstate.json",
            ("\"rtb-01f00000000000000\", \"rtb-01f00000000000001\", \"rtb-01f00000000000002\"", "\"rtb-01f00000000000000\", \"rtb-01f00000000000002\""));

        var result = run.TerraformVpcFrom(state, "prod");

        Assert.Equal(0, result.ExitCode);
        var entries = ImportEntries(run.Written("import.json"));
        Assert.Equal(44, entries.Count);
        Assert.DoesNotContain(entries, entry => entry.Name == "prod-private-1-s3");
        Assert.Contains(
            "Will add: aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation prod-private-1-s3. Switched off in the config; each one turned on later adds:",
            result.StdoutLines);
    }

    [Fact]
    public void Four_zones_in_a_nested_module_keep_the_modules_zone_order_and_the_providers_default_tags()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("four-zones.tfstate.json", "core", "--network-name", "core");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            config:
              aws:region: us-east-1
              kops-platform:network:
                name: core
                cidr: "10.40.0.0/16"
                availabilityZones: [us-east-1a, us-east-1d, us-east-1e, us-east-1c]
                natGateways: onePerAz
                s3Endpoint: false
            """.ReplaceLineEndings("\n"),
            string.Join("\n", run.Written("Pulumi.core.yaml").Split('\n').Skip(3).Take(8)));
        Assert.EndsWith(
            """
                tags:
                  CostCenter: "1234"
                  environment: core
                  team: platform
              kops-platform:clusters: []

            """.ReplaceLineEndings("\n"),
            run.Written("Pulumi.core.yaml"), StringComparison.Ordinal);
        var entries = ImportEntries(run.Written("import.json"));
        Assert.Equal(53, entries.Count);
        Assert.Contains(new(Subnet, "core-admin-3", "subnet-04a00000000000003", "core", false), entries);
        Assert.Contains(new("aws:ec2/natGateway:NatGateway", "core-nat-3", "nat-04800000000000003", "core", false), entries);
        Assert.Contains(new(Association, "core-private-working-3", "subnet-04d00000000000003/rtb-04f00000000000003", "core", false), entries);
        Assert.Equal(
            [
                "terraform-vpc module.platform.module.vpc of four-zones.tfstate.json (serial 108) -> stack core",
                "  network core (from --network-name): 10.40.0.0/16 in us-east-1, zones us-east-1a, us-east-1d, us-east-1e, us-east-1c",
                "  natGateways onePerAz, s3Endpoint false, tags CostCenter=1234, environment=core, team=platform",
            ],
            result.StdoutLines.Take(3));
        Assert.Contains("  aws:ec2/internetGateway:InternetGateway core-igw: Name: vpc -> core", result.StdoutLines);
    }

    [Fact]
    public void One_zone_is_written_as_one_NAT_per_zone_with_a_note_saying_why()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("one-zone.tfstate.json", "edge");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("    natGateways: onePerAz\n", run.Written("Pulumi.edge.yaml"), StringComparison.Ordinal);
        Assert.Contains(
            "  note: With one zone, onePerAz and single are the same network; it is written as onePerAz, so a zone added later gets a NAT gateway of its own.",
            result.StdoutLines);
    }

    [Fact]
    public void A_format_3_state_is_refused()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("format-3.tfstate.json", "legacy");

        AssertFailed(run, result,
            $"error: {MigrateRun.Fixture("format-3.tfstate.json")} is a format-3 state (terraform 0.11 or older), which this tool does not read: "
            + "run `terraform refresh` once with terraform 0.12 or later (it rewrites the state in format 4), then `terraform state pull` again.");
    }

    [Fact]
    public void The_legacy_double_NAT_is_refused_naming_the_extra_NAT_gateway()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("double-nat.tfstate.json", "legacy");

        AssertFailed(run, result,
            "error: module.vpc.aws_nat_gateway.nat_gateway[1]: 2 NAT gateways for 1 zone is the legacy double NAT (multi_az_nat_gateway = 1 and single_nat_gateway = 1), "
            + "which the program can't express: set single_nat_gateway = 0 and apply (it removes nat_gateway[1] with its address, route table and route), then pull the state again.");
    }

    [Fact]
    public void A_subnet_outside_the_modules_layout_is_refused_naming_it()
    {
        using var run = new MigrateRun();

        var result = run.TerraformVpc("foreign-subnet.tfstate.json", "edge");

        AssertFailed(run, result,
            "error: module.vpc.aws_subnet.private_working[0]: 10.50.100.0/22 is not the module's layout, in which the private-working subnet of zone 0 of 10.50.0.0/16 "
            + "is 10.50.96.0/21; a subnet's block can't change without replacing it, so the program can't adopt this VPC.");
    }

    [Fact]
    public void A_VPC_smaller_than_a_20_is_refused()
    {
        using var run = new MigrateRun();
        var state = run.Variant("one-zone.tfstate.json", ("\"cidr_block\": \"10.50.0.0/16\"", "\"cidr_block\": \"10.50.0.0/24\""));

        var result = run.TerraformVpcFrom(state, "edge");

        AssertFailed(run, result,
            "error: module.vpc.aws_vpc.default: 10.50.0.0/24 is a /24; the program's four-tier plan needs a /16 to /20, so it can't adopt this VPC.");
    }

    [Fact]
    public void A_NAT_gateway_in_another_subnet_than_the_program_would_put_it_is_refused()
    {
        using var run = new MigrateRun();
        var state = run.Variant("one-zone.tfstate.json",
            ("\"subnet_id\": \"subnet-05b00000000000000\", \"connectivity_type\"", "\"subnet_id\": \"subnet-05a00000000000000\", \"connectivity_type\""));

        var result = run.TerraformVpcFrom(state, "edge");

        AssertFailed(run, result,
            "error: module.vpc.aws_nat_gateway.nat_gateway[0]: subnet_id is subnet-05a00000000000000, but the program gives it subnet-05b00000000000000, "
            + "the public subnet module.vpc.aws_subnet.public[0]; it can't adopt the resource as it is.");
    }

    [Fact]
    public void A_subnet_in_another_zone_than_its_zones_admin_subnet_is_refused()
    {
        using var run = new MigrateRun();
        var state = run.Variant("one-zone.tfstate.json",
            ("\"cidr_block\": \"10.50.64.0/21\", \"availability_zone\": \"us-east-2a\"", "\"cidr_block\": \"10.50.64.0/21\", \"availability_zone\": \"us-east-2b\""));

        var result = run.TerraformVpcFrom(state, "edge");

        AssertFailed(run, result,
            "error: module.vpc.aws_subnet.private_prod[0]: in us-east-2b, but zone 0 of the module is us-east-2a (module.vpc.aws_subnet.admin[0]); "
            + "the program keeps every tier's i-th subnet in zone i, and a subnet can't move without being replaced.");
    }

    [Fact]
    public void A_resource_the_module_does_not_have_is_refused_naming_it()
    {
        using var run = new MigrateRun();
        var state = run.Variant("one-zone.tfstate.json", ("\"resources\": [", """
            "resources": [
                { "module": "module.vpc", "mode": "managed", "type": "aws_instance", "name": "nat",
                  "instances": [ { "index_key": 0, "schema_version": 1, "attributes": { "id": "i-05000000000000000" } } ] },
            """));

        var result = run.TerraformVpcFrom(state, "edge");

        AssertFailed(run, result,
            "error: module.vpc.aws_instance.nat[0]: not one of terraform-vpc's resources, so the program has nothing to adopt it as; "
            + "move it out of the module's state (terraform state mv) or remove it before migrating.");
    }

    [Fact]
    public void A_Name_tag_that_makes_no_network_name_asks_for_one_and_network_name_gives_it()
    {
        using var run = new MigrateRun();
        var state = run.Variant("one-zone.tfstate.json", ("\"Name\": \"edge\"", "\"Name\": \"42 Edge\""));

        AssertFailed(run, run.TerraformVpcFrom(state, "edge"),
            "error: module.vpc.aws_vpc.default: its Name tag \"42 Edge\" makes no network name (a lower-case letter first, then letters, digits and '-', at most 31): pass --network-name.");
        var named = run.TerraformVpcFrom(state, "edge", "--network-name", "edge");
        Assert.Equal(0, named.ExitCode);
        Assert.Contains("    name: edge\n", run.Written("Pulumi.edge.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_state_file_is_bad_input()
    {
        using var run = new MigrateRun();
        var missing = Path.Combine(run.Root, "missing.json");

        AssertFailed(run, run.TerraformVpcFrom(missing, "edge"), $"error: --state {missing}: no such file; write it with `terraform state pull > missing.json`.");
    }

    [Fact]
    public void A_state_that_is_not_JSON_is_bad_input()
    {
        using var run = new MigrateRun();
        var state = Path.Combine(run.Root, "state.txt");
        File.WriteAllText(state, "Terraform state list:\nmodule.vpc.aws_vpc.default\n");

        var result = run.TerraformVpcFrom(state, "edge");

        AssertFailed(run, result, null);
        Assert.StartsWith($"error: {state} is not JSON (", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("): give the output of `terraform state pull`.\n", result.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_module_is_bad_input_listing_the_states_terraform_vpc_modules()
    {
        using var run = new MigrateRun();
        var state = MigrateRun.Fixture("two-zones-single-nat.tfstate.json");

        AssertFailed(run, run.TerraformVpc("two-zones-single-nat.tfstate.json", "staging", "--module", "module.vpc"),
            $"error: --module module.vpc: no such module in {state}; terraform-vpc modules in the state: module.network.");
        AssertFailed(run, run.TerraformVpc("two-zones-single-nat.tfstate.json", "staging", "--module", "module.dns"),
            $"error: --module module.dns: that module of {state} has no aws_vpc.default, so it is no terraform-vpc module; terraform-vpc modules in the state: module.network.");
    }

    [Fact]
    public void A_state_without_the_module_is_bad_input()
    {
        using var run = new MigrateRun();

        AssertFailed(run, run.TerraformVpc("no-vpc-module.tfstate.json", "edge"),
            $"error: {MigrateRun.Fixture("no-vpc-module.tfstate.json")} holds no terraform-vpc module (no module has an aws_vpc.default): "
            + "pull the state of the configuration that calls the module.");
    }

    [Fact]
    public void Several_modules_need_module_and_the_error_lists_them()
    {
        using var run = new MigrateRun();

        AssertFailed(run, run.TerraformVpc("two-modules.tfstate.json", "east"),
            $"error: {MigrateRun.Fixture("two-modules.tfstate.json")} holds 2 terraform-vpc modules (module.east, module.west): pick one with --module.");
        AssertFailed(run, run.TerraformVpc("two-modules.tfstate.json", "west", "--module", "module.west"),
            "error: module.west.aws_internet_gateway.default is missing from the state, and terraform-vpc always has it.");
    }

    [Fact]
    public void An_output_folder_with_files_in_it_is_refused_unless_forced()
    {
        using var run = new MigrateRun();
        Directory.CreateDirectory(run.Out);
        File.WriteAllText(Path.Combine(run.Out, "notes.txt"), "mine");

        var refused = run.TerraformVpc("one-zone.tfstate.json", "edge");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: --out {run.Out}: the folder is not empty; pick an empty or new one, or pass --force to write into it anyway.\n", refused.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal(["notes.txt"], Directory.GetFiles(run.Out).Select(Path.GetFileName));

        var forced = run.TerraformVpc("one-zone.tfstate.json", "edge", "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(["import.json", "notes.txt", "Pulumi.edge.yaml"], Directory.GetFiles(run.Out).Select(Path.GetFileName).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run.Out, "notes.txt")));
    }

    [Fact]
    public void Bad_options_are_bad_input()
    {
        using var run = new MigrateRun();

        AssertFailed(run, run.TerraformVpc("one-zone.tfstate.json", "acme/edge"),
            "error: --stack acme/edge: not a stack name (letters, digits, '-', '_' and '.'); give the short name, as in Pulumi.<stack>.yaml.");
        AssertFailed(run, run.TerraformVpc("one-zone.tfstate.json", "edge", "--network-name", "Edge_Net"),
            "error: --network-name Edge_Net: not a network name (a lower-case letter first, then letters, digits and '-', at most 31).");

        var missingStack = MigrateRun.Run("terraform-vpc", "--state", MigrateRun.Fixture("one-zone.tfstate.json"), "--out", run.Out);
        AssertFailed(run, missingStack, null);
        Assert.Contains("--stack", missingStack.Stderr, StringComparison.Ordinal);

        var noCommand = MigrateRun.Run();
        AssertFailed(run, noCommand, null);
    }

    [Fact]
    public void Help_names_every_option()
    {
        var help = MigrateRun.Run("terraform-vpc", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--state", "--stack", "--out", "--module", "--network-name", "--force" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>Exit code 2, one line on stderr (this one, when given), nothing on stdout, nothing written.</summary>
    private static void AssertFailed(MigrateRun run, ToolResult result, string? error)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var stderr = result.Stderr.ReplaceLineEndings("\n");
        Assert.EndsWith("\n", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", stderr[..^1], StringComparison.Ordinal);
        if (error is not null)
        {
            Assert.Equal(error + "\n", stderr);
        }

        Assert.False(Directory.Exists(run.Out), $"{run.Out} was written");
    }
}
