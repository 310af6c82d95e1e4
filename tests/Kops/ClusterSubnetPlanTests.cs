using System.Net;
using KopsPlatform.Kops;
using KopsPlatform.Network;

using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

public class ClusterSubnetPlanTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];

    [Fact]
    public void A_slash_16_gives_each_slot_a_slash_19_of_slash_22_private_and_slash_24_utility_subnets()
    {
        var vpc = AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), 4);

        var slot1 = ClusterSubnetPlan.Create(vpc.Vpc, vpc.ClusterRange, 1, Zones, "f");

        Assert.Equal(
            [
                "us-east-1a 10.20.160.0/22 10.20.176.0/24",
                "us-east-1b 10.20.164.0/22 10.20.177.0/24",
                "us-east-1c 10.20.168.0/22 10.20.178.0/24",
                "us-east-1d 10.20.172.0/22 10.20.179.0/24",
            ],
            slot1.Select(s => $"{s.Zone} {s.Private} {s.Utility}"));
    }

    [Theory]
    [InlineData("10.20.0.0/16")]
    [InlineData("10.20.0.0/18")]
    [InlineData("10.20.32.0/19")]
    public void Four_clusters_fit_in_the_free_range_without_touching_the_tiers_or_each_other(string cidr)
    {
        var vpc = AddressPlan.Create(IPNetwork.Parse(cidr), 4);

        var blocks = Enumerable.Range(0, ClusterRules.SlotCount)
            .SelectMany(slot => ClusterSubnetPlan.Create(vpc.Vpc, vpc.ClusterRange, slot, Zones, "f"))
            .SelectMany(s => new[] { s.Private, s.Utility })
            .ToArray();

        AddressBlocks.AssertInside(blocks, vpc.ClusterRange);
        Assert.All(blocks, b => Assert.True(b.PrefixLength <= 27, $"{b} is smaller than a load balancer's subnet may be"));
        AddressBlocks.AssertDisjoint([.. blocks, .. vpc.Tiers.Select(tier => tier.Block)]);
    }

    [Fact]
    public void Adding_a_zone_moves_no_existing_subnet()
    {
        var vpc = AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), 4);

        var two = ClusterSubnetPlan.Create(vpc.Vpc, vpc.ClusterRange, 2, Zones[..2], "f");
        var three = ClusterSubnetPlan.Create(vpc.Vpc, vpc.ClusterRange, 2, Zones[..3], "f");

        Assert.Equal(two, three.Take(2));
    }

    [Theory]
    [InlineData("10.20.0.0/16", "10.21.128.0/17", "the free range 10.21.128.0/17 is not inside the VPC 10.20.0.0/16")]
    [InlineData("10.20.0.0/16", "10.20.64.0/18", "overlaps the VPC's private-prod tier 10.20.64.0/19")]
    [InlineData("10.20.0.0/16", "10.20.128.0/22", "args.clusterCidr: the free range 10.20.128.0/22 of the VPC 10.20.0.0/16 leaves its clusters /29 utility subnets, smaller than the /27 AWS load balancers need. Use a /19 or larger VPC for a stack with clusters.")]
    [InlineData("10.20.16.0/20", "10.20.24.0/21", "args.clusterCidr: the free range 10.20.24.0/21 of the VPC 10.20.16.0/20 leaves its clusters /28 utility subnets")]
    [InlineData("10.20.0.0/24", "10.20.0.128/25", "the VPC 10.20.0.0/24 is not a four-tier VPC")]
    public void A_free_range_that_is_not_the_VPCs_is_refused(string vpc, string freeRange, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            ClusterSubnetPlan.Create(IPNetwork.Parse(vpc), IPNetwork.Parse(freeRange), 0, Zones[..3], "args.clusterCidr"));

        Assert.StartsWith("args.clusterCidr: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
