using System.Net;

namespace KopsPlatform.Network;

/// <summary>
/// Checks of the values that decide a VPC's shape. Each takes the name its caller knows the value by (an args
/// property, a config key), so the same rule gives the component's and the config's error in their own words.
/// </summary>
public static class VpcInputs
{
    public static IPNetwork ParseCidr(string? text, string field)
    {
        var parsed = Ipv4.Parse(text);
        if (parsed.Suggested is { } suggested)
        {
            throw new InvalidInputException(field, $"'{text}' has host bits set", $"Use {suggested}.");
        }

        if (parsed.Network is not { } network)
        {
            throw new InvalidInputException(field, $"'{text}' is not an IPv4 CIDR block", $"Use a block such as {VpcArgs.DefaultCidrBlock}.");
        }

        if (network.PrefixLength is < AddressPlan.MinPrefixLength or > AddressPlan.MaxPrefixLength)
        {
            throw new InvalidInputException(
                field,
                $"{network} is a /{network.PrefixLength}, but the four-tier plan needs a /{AddressPlan.MinPrefixLength} to /{AddressPlan.MaxPrefixLength}",
                $"Use a prefix length from {AddressPlan.MinPrefixLength} to {AddressPlan.MaxPrefixLength}.");
        }

        return network;
    }

    /// <param name="region">When given, every zone must belong to it (a zone is the region's name plus a letter).</param>
    public static void CheckZones(IReadOnlyList<string>? zones, string field, string? region = null)
    {
        if (zones is null || zones.Count is 0 or > AddressPlan.MaxZones)
        {
            throw new InvalidInputException(
                field,
                $"{zones?.Count ?? 0} availability zones given",
                $"List 1 to {AddressPlan.MaxZones} zones, e.g. [{region ?? "us-east-1"}a, {region ?? "us-east-1"}b].");
        }

        var duplicate = zones.GroupBy(zone => zone, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidInputException(field, $"'{duplicate.Key}' is listed twice", "List each zone once.");
        }

        var stranger = region is null ? null : zones.FirstOrDefault(zone => !IsZoneOf(zone, region));
        if (stranger is not null)
        {
            throw new InvalidInputException(
                field,
                $"'{stranger}' is not an availability zone of region {region}",
                $"Use zones of {region} (such as {region}a), or change aws:region.");
        }
    }

    /// <summary>The retention periods CloudWatch Logs accepts (PutRetentionPolicy refuses any other number of days).</summary>
    public static IReadOnlyList<int> LogRetentionDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public static void CheckLogRetention(int days, string field)
    {
        if (!LogRetentionDays.Contains(days))
        {
            throw new InvalidInputException(
                field,
                $"{days} days is not a retention CloudWatch Logs offers",
                $"Use one of: {string.Join(", ", LogRetentionDays)}.");
        }
    }

    private static bool IsZoneOf(string zone, string region) =>
        zone.Length == region.Length + 1
        && zone.StartsWith(region, StringComparison.Ordinal)
        && char.IsAsciiLetterLower(zone[^1]);
}
