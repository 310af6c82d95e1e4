using System.Net;
using KopsPlatform.Network;

using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Network;

public class AddressPlanTests
{
    [Fact]
    public void A_slash_16_gives_the_ReactiveOps_layout()
    {
        var plan = AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), 4);

        Assert.Equal(
            [
                "admin 10.20.0.0/19: 10.20.0.0/21 10.20.8.0/21 10.20.16.0/21 10.20.24.0/21",
                "public 10.20.32.0/19: 10.20.32.0/21 10.20.40.0/21 10.20.48.0/21 10.20.56.0/21",
                "private-prod 10.20.64.0/19: 10.20.64.0/21 10.20.72.0/21 10.20.80.0/21 10.20.88.0/21",
                "private-working 10.20.96.0/19: 10.20.96.0/21 10.20.104.0/21 10.20.112.0/21 10.20.120.0/21",
            ],
            plan.Tiers.Select(t => $"{t.Tier.TagValue()} {t.Block}: {string.Join(' ', t.Subnets)}"));
        Assert.Equal("10.20.128.0/17", plan.ClusterRange.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/16", 19, 21, "10.0.128.0/17")]
    [InlineData("10.0.0.0/17", 20, 22, "10.0.64.0/18")]
    [InlineData("10.0.0.0/18", 21, 23, "10.0.32.0/19")]
    [InlineData("10.0.0.0/19", 22, 24, "10.0.16.0/20")]
    [InlineData("172.16.240.0/20", 23, 25, "172.16.248.0/21")]
    public void Every_prefix_from_16_to_20_scales_the_same_way(string vpc, int tierPrefix, int subnetPrefix, string clusterRange)
    {
        var network = IPNetwork.Parse(vpc);
        var plan = AddressPlan.Create(network, 4);

        Assert.All(plan.Tiers, tier =>
        {
            Assert.Equal(tierPrefix, tier.Block.PrefixLength);
            Assert.All(tier.Subnets, subnet =>
            {
                Assert.Equal(subnetPrefix, subnet.PrefixLength);
                AddressBlocks.AssertInside([subnet], tier.Block);
            });
        });
        Assert.Equal(clusterRange, plan.ClusterRange.ToString());

        var everything = plan.Tiers.SelectMany(t => t.Subnets).Append(plan.ClusterRange).ToArray();
        AddressBlocks.AssertInside(everything, network);
        AddressBlocks.AssertDisjoint(everything);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Zone_i_takes_offset_i_whatever_the_zone_count(int zones)
    {
        var full = AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), 4);
        var plan = AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), zones);

        Assert.All(plan.Tiers, tier => Assert.Equal(full[tier.Tier].Subnets.Take(zones), tier.Subnets));
        Assert.Equal(full.ClusterRange, plan.ClusterRange);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Zone_counts_outside_1_to_4_are_refused(int zones) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AddressPlan.Create(IPNetwork.Parse("10.20.0.0/16"), zones));

    [Theory]
    [InlineData("10.0.0.0/15")]
    [InlineData("10.0.0.0/21")]
    public void Prefixes_outside_16_to_20_are_refused(string vpc) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AddressPlan.Create(IPNetwork.Parse(vpc), 3));
}
