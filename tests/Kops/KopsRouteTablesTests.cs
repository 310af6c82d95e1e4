using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Kops;

public class KopsRouteTablesTests
{
    private const string Cluster = "dev.k8s.example.com";

    // The shape of what the stack applied: a Private and a Utility subnet per zone, then the instance groups (whose
    // subnets name zones too, and don't count).
    private const string AppliedInTwoZones = """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: dev.k8s.example.com
        spec:
          subnets:
          - cidr: 10.20.128.0/22
            egress: nat-dev-nat-0
            name: us-east-1a
            type: Private
            zone: us-east-1a
          - cidr: 10.20.132.0/22
            egress: nat-dev-nat-0
            name: us-east-1d
            type: Private
            zone: us-east-1d
          - cidr: 10.20.144.0/24
            name: utility-us-east-1a
            type: Utility
            zone: us-east-1a
          - cidr: 10.20.145.0/24
            name: utility-us-east-1d
            type: Utility
            zone: us-east-1d
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes
        spec:
          subnets:
          - us-east-1c
        """;

    [Fact]
    public void A_table_is_named_as_kops_tags_it_and_its_association_after_the_cluster_and_the_zone()
    {
        var table = new KopsRouteTable(Cluster, "us-east-1a", Exists: true);

        Assert.Equal("private-us-east-1a.dev.k8s.example.com", table.NameTag);
        Assert.Equal("dev.k8s.example.com-s3-us-east-1a", table.S3AssociationName);
    }

    [Fact]
    public void The_tables_of_the_zones_the_last_up_applied_exist_and_an_appended_zones_table_is_still_to_be_made()
    {
        var tables = KopsRouteTables.Of(Cluster, ["us-east-1a", "us-east-1d", "us-east-1c"], AppliedInTwoZones);

        Assert.Equal(
            [
                new KopsRouteTable(Cluster, "us-east-1a", Exists: true),
                new KopsRouteTable(Cluster, "us-east-1d", Exists: true),
                new KopsRouteTable(Cluster, "us-east-1c", Exists: false),
            ],
            tables);
    }

    [Fact]
    public void A_cluster_the_last_up_did_not_apply_has_every_table_still_to_be_made()
    {
        var tables = KopsRouteTables.Of(Cluster, ["us-east-1a", "us-east-1d"], appliedSpec: null);

        Assert.Equal([new KopsRouteTable(Cluster, "us-east-1a", false), new KopsRouteTable(Cluster, "us-east-1d", false)], tables);
    }

    [Theory]
    [InlineData("")]
    [InlineData("kind: Cluster\nspec: [unclosed")]
    [InlineData("kind: Cluster\nspec:\n  subnets: none\n")]
    [InlineData("kind: InstanceGroup\nspec:\n  subnets:\n  - type: Private\n    zone: us-east-1a\n")]
    public void A_spec_without_readable_private_subnets_gives_no_zone_so_every_lookup_waits(string spec)
    {
        Assert.Empty(KopsRouteTables.PrivateZones(spec));
    }

    [Fact]
    public void Only_private_subnets_count()
    {
        Assert.Equal(["us-east-1a", "us-east-1d"], KopsRouteTables.PrivateZones(AppliedInTwoZones).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_spec_the_stack_renders_today_reads_back_with_its_zones()
    {
        var golden = File.ReadAllText(Path.Combine(Testing.StackConfig.RepositoryRoot, "tests", "Kops", "Golden", "prod.yaml"));

        Assert.Equal(["us-east-1a", "us-east-1c", "us-east-1d"], KopsRouteTables.PrivateZones(golden).Order(StringComparer.Ordinal));
    }
}
