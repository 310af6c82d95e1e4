namespace KopsPlatform.Network;

/// <summary>The four RO subnet tiers, in address order: each tier's block follows the previous one.</summary>
public enum SubnetTier
{
    Admin,
    Public,
    PrivateProd,
    PrivateWorking,
}

public static class SubnetTiers
{
    public static IReadOnlyList<SubnetTier> All { get; } = Enum.GetValues<SubnetTier>();

    /// <summary>The name used in resource names and in the subnets' <c>tier</c> tag.</summary>
    public static string TagValue(this SubnetTier tier) => tier switch
    {
        SubnetTier.Admin => "admin",
        SubnetTier.Public => "public",
        SubnetTier.PrivateProd => "private-prod",
        SubnetTier.PrivateWorking => "private-working",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>Public subnets route to the internet gateway; every other tier egresses through its zone's NAT.</summary>
    public static bool IsPrivatelyRouted(this SubnetTier tier) => tier != SubnetTier.Public;
}
