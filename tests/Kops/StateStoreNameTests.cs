using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Kops;

public class StateStoreNameTests
{
    [Fact]
    public void A_name_is_the_network_account_and_region() =>
        Assert.Equal("kops-prod-123456789012-us-east-1", StateStoreName.Derive("prod", "123456789012", "us-east-1"));

    [Fact]
    public void A_name_that_just_fits_is_kept_whole()
    {
        // "kops-" + 30 + "-123456789012-ap-southeast-4" = 5 + 30 + 28 = 63 characters.
        var network = new string('n', 30);

        Assert.Equal($"kops-{network}-123456789012-ap-southeast-4", StateStoreName.Derive(network, "123456789012", "ap-southeast-4"));
    }

    [Fact]
    public void One_character_more_is_shortened() =>
        Assert.Equal(63, StateStoreName.Derive(new string('n', 31), "123456789012", "ap-southeast-4").Length);

    [Fact]
    public void Long_names_are_cut_to_63_characters_and_stay_apart()
    {
        var first = StateStoreName.Derive("platform-engineering-shared-one", "123456789012", "ap-southeast-4x");
        var second = StateStoreName.Derive("platform-engineering-shared-two", "123456789012", "ap-southeast-4x");

        Assert.Equal(63, first.Length);
        Assert.StartsWith("kops-platform-engineering-s-", first, StringComparison.Ordinal);
        Assert.EndsWith("-123456789012-ap-southeast-4x", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        StateStoreName.Check(first, "f");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Acme-kops")]
    [InlineData("acme_kops")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme..kops")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--acme")]
    [InlineData("acme-s3alias")]
    public void Names_S3_refuses_are_refused_with_the_field(string name)
    {
        var error = Assert.Throws<InvalidInputException>(() => StateStoreName.Check(name, "kops-platform:stateStore.bucket"));

        Assert.StartsWith($"kops-platform:stateStore.bucket: '{name}' is not a valid S3 bucket name. Use 3 to 63", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("acme.kops-state.1")]
    public void Names_S3_accepts_pass(string name) => StateStoreName.Check(name, "f");

    [Fact]
    public void Sixty_three_characters_pass_and_sixty_four_do_not()
    {
        StateStoreName.Check(new string('a', 63), "f");
        Assert.Throws<InvalidInputException>(() => StateStoreName.Check(new string('a', 64), "f"));
    }
}
