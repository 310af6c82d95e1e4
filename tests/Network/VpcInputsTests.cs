using KopsPlatform.Network;

namespace KopsPlatform.Tests.Network;

public class VpcInputsTests
{
    [Theory]
    [InlineData("10.20.0.0/16", "10.20.0.0/16")]
    [InlineData(" 192.168.16.0/20 ", "192.168.16.0/20")]
    public void A_clean_block_parses(string text, string expected) =>
        Assert.Equal(expected, VpcInputs.ParseCidr(text, "cidr").ToString());

    [Theory]
    [InlineData("10.20.0.0", "is not an IPv4 CIDR block")]
    [InlineData("10.20.0/16", "is not an IPv4 CIDR block")]
    [InlineData("10.20.0.0/33", "is not an IPv4 CIDR block")]
    [InlineData("fd00::/16", "is not an IPv4 CIDR block")]
    [InlineData("ten/16", "is not an IPv4 CIDR block")]
    [InlineData("10.20.0.1/16", "has host bits set. Use 10.20.0.0/16.")]
    [InlineData("10.16.0.0/12", "is a /12, but the four-tier plan needs a /16 to /20")]
    [InlineData("10.20.0.0/24", "is a /24, but the four-tier plan needs a /16 to /20")]
    [InlineData("10.20.0.0/15", "is a /15, but the four-tier plan needs a /16 to /20")]
    [InlineData("10.20.0.0/21", "is a /21, but the four-tier plan needs a /16 to /20")]
    public void A_bad_block_is_named_with_its_key_and_fix(string text, string problem)
    {
        var error = Assert.Throws<InvalidInputException>(() => VpcInputs.ParseCidr(text, "kops-platform:network.cidr"));

        Assert.StartsWith("kops-platform:network.cidr: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "0 availability zones given")]
    [InlineData(new[] { "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e" }, "5 availability zones given")]
    [InlineData(new[] { "us-east-1a", "us-east-1a" }, "'us-east-1a' is listed twice")]
    [InlineData(new[] { "us-east-1a", "us-west-2a" }, "'us-west-2a' is not an availability zone of region us-east-1")]
    [InlineData(new[] { "us-east-1" }, "'us-east-1' is not an availability zone of region us-east-1")]
    public void Bad_zone_lists_are_refused(string[] zones, string problem)
    {
        var error = Assert.Throws<InvalidInputException>(() => VpcInputs.CheckZones(zones, "zones", "us-east-1"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_to_four_distinct_zones_of_the_region_pass()
    {
        VpcInputs.CheckZones(["us-east-1a"], "zones", "us-east-1");
        VpcInputs.CheckZones(["us-east-1a", "us-east-1d", "us-east-1c", "us-east-1e"], "zones", "us-east-1");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(3653)]
    public void A_retention_CloudWatch_offers_passes(int days) => VpcInputs.CheckLogRetention(days, "retention");

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(29)]
    [InlineData(31)]
    [InlineData(3654)]
    public void A_retention_CloudWatch_refuses_is_named_with_its_key_and_every_choice(int days)
    {
        var error = Assert.Throws<InvalidInputException>(() => VpcInputs.CheckLogRetention(days, "kops-platform:network.flowLogs.retentionDays"));

        Assert.Equal(
            $"kops-platform:network.flowLogs.retentionDays: {days} days is not a retention CloudWatch Logs offers. "
            + "Use one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
            error.Message);
    }
}
