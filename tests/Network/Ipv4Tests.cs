using System.Net;
using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Network;

/// <summary>The block arithmetic every address plan and clash check rests on, against literal answers.</summary>
public class Ipv4Tests
{
    [Theory]
    [InlineData("10.0.0.0/16", "10.0.128.0/17", true)]
    [InlineData("10.0.0.0/23", "10.0.1.0/24", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
    [InlineData("0.0.0.0/0", "192.168.1.1/32", true)]
    [InlineData("10.0.255.255/32", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0/24", false)]
    [InlineData("10.0.0.255/32", "10.0.1.0/32", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0/8", false)]
    public void Two_blocks_overlap_when_they_share_any_address_wherever_one_starts_inside_the_other(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, Ipv4.Overlaps(IPNetwork.Parse(a), IPNetwork.Parse(b)));
        Assert.Equal(overlap, Ipv4.Overlaps(IPNetwork.Parse(b), IPNetwork.Parse(a)));
        Assert.Equal(overlap, AddressBlocks.Meet(IPNetwork.Parse(a), IPNetwork.Parse(b)));
    }

    [Theory]
    [InlineData("10.0.128.0/17", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
    [InlineData("10.0.255.255/32", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.0.128.0/17", false)]
    [InlineData("10.1.0.0/16", "10.0.0.0/16", false)]
    [InlineData("0.0.0.0/0", "10.0.0.0/8", false)]
    public void A_block_is_within_another_only_when_all_its_addresses_are(string inner, string outer, bool within) =>
        Assert.Equal(within, Ipv4.Within(IPNetwork.Parse(inner), IPNetwork.Parse(outer)));

    [Theory]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", null)]
    [InlineData("203.0.113.7/32", "203.0.113.7/32", null)]
    [InlineData(" 10.20.0.0/16 ", "10.20.0.0/16", null)]
    [InlineData("10.20.0.1/16", null, "10.20.0.0/16")]
    [InlineData("203.0.113.7/31", null, "203.0.113.6/31")]
    [InlineData("203.0.113.0/33", null, null)]
    [InlineData("203.0.113.0/-1", null, null)]
    [InlineData("203.0.113.0/+8", null, null)]
    [InlineData("203.0.113/24", null, null)]
    [InlineData("203.0.113.0", null, null)]
    [InlineData("::1/128", null, null)]
    [InlineData("office", null, null)]
    [InlineData(null, null, null)]
    public void Parsing_takes_every_prefix_from_0_to_32_and_suggests_the_block_of_an_address_with_host_bits(string? text, string? network, string? suggested)
    {
        var parsed = Ipv4.Parse(text);

        Assert.Equal(network, parsed.Network?.ToString());
        Assert.Equal(suggested, parsed.Suggested?.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/16", 19, 0, "10.0.0.0/19")]
    [InlineData("10.0.0.0/16", 19, 7, "10.0.224.0/19")]
    [InlineData("10.0.0.0/16", 16, 0, "10.0.0.0/16")]
    [InlineData("10.0.0.0/16", 32, 65535, "10.0.255.255/32")]
    [InlineData("0.0.0.0/0", 1, 1, "128.0.0.0/1")]
    public void The_nth_block_of_a_length_is_counted_from_the_parents_first_address(string parent, int prefix, int index, string block) =>
        Assert.Equal(block, Ipv4.Subnet(IPNetwork.Parse(parent), prefix, index).ToString());

    [Theory]
    [InlineData("10.0.0.0/16", 19, 8)]
    [InlineData("10.0.0.0/16", 19, -1)]
    [InlineData("10.0.0.0/16", 15, 0)]
    [InlineData("10.0.0.0/16", 33, 0)]
    public void A_block_that_does_not_fit_the_parent_is_refused(string parent, int prefix, int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4.Subnet(IPNetwork.Parse(parent), prefix, index));
}
