using System.Net;
using System.Text.RegularExpressions;
using KopsPlatform.Network;

namespace KopsPlatform.Kops;

/// <summary>
/// A cluster's subnets as its settings list them (<see cref="ClusterSettings.Subnets"/>): an adopted cluster keeps the
/// addresses and names kops gave it. What can be checked without the VPC is checked here; where they lie in the VPC
/// is <see cref="ClusterAddresses"/>'s business.
/// </summary>
public static partial class ExplicitSubnets
{
    /// <summary>AWS's smallest subnet; kops needs room for the instances of every group in the zone.</summary>
    public const int MaxPrivatePrefixLength = 28;

    /// <param name="field">The list's full key, e.g. <c>kops-platform:clusters[0].subnets</c>.</param>
    public static IReadOnlyList<ClusterSubnet> Parse(IReadOnlyList<ClusterSubnetSettings> subnets, string field)
    {
        if (subnets.Count is 0 or > AddressPlan.MaxZones)
        {
            throw new InvalidInputException(
                field,
                subnets.Count == 0 ? "no subnet is listed" : $"{subnets.Count} subnets are listed",
                $"List one entry per zone of the cluster, 1 to {AddressPlan.MaxZones}, or give the cluster a slot instead.");
        }

        var parsed = new List<ClusterSubnet>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < subnets.Count; i++)
        {
            var entry = subnets[i];
            var entryField = $"{field}[{i}]";
            var sameZone = parsed.FindIndex(subnet => subnet.Zone == entry.Zone);
            if (sameZone >= 0)
            {
                throw new InvalidInputException(
                    $"{entryField}.zone", $"{entry.Zone} is also the zone of {field}[{sameZone}]", "List each zone once, with its private and utility subnet.");
            }

            var subnet = new ClusterSubnet(
                entry.Zone,
                Block(entry.PrivateCidr, $"{entryField}.privateCidr", MaxPrivatePrefixLength),
                Block(entry.UtilityCidr, $"{entryField}.utilityCidr", ClusterSubnetPlan.MaxUtilityPrefixLength))
            {
                PrivateName = entry.PrivateName ?? entry.Zone,
                UtilityName = entry.UtilityName ?? $"utility-{entry.Zone}",
            };
            AddName(names, subnet.PrivateName, $"{entryField}.privateName");
            AddName(names, subnet.UtilityName, $"{entryField}.utilityName");
            CheckNoOverlap(parsed, subnet, field, entryField);
            parsed.Add(subnet);
        }

        return parsed;
    }

    private static IPNetwork Block(string text, string field, int maxPrefixLength)
    {
        var parsed = Ipv4.Parse(text);
        var block = parsed.Network ?? throw new InvalidInputException(
            field,
            $"'{text}' is not an IPv4 CIDR block",
            parsed.Suggested is { } suggested ? $"Use {suggested}, the block that address lies in." : "Write it as a.b.c.d/n, e.g. 10.20.128.0/22.");
        if (block.PrefixLength > maxPrefixLength)
        {
            throw new InvalidInputException(
                field, $"{block} is smaller than a /{maxPrefixLength}", $"Give a /{maxPrefixLength} or larger block, as kops has it.");
        }

        return block;
    }

    private static void AddName(Dictionary<string, string> names, string name, string field)
    {
        if (!SubnetName().IsMatch(name))
        {
            throw new InvalidInputException(
                field, $"'{name}' is not a kops subnet name", "Use lower-case letters, digits, '-' and '.', e.g. us-east-1a or utility-us-east-1a.");
        }

        if (!names.TryAdd(name, field))
        {
            throw new InvalidInputException(field, $"'{name}' is also {names[name]}", "Give every subnet its own name.");
        }
    }

    private static void CheckNoOverlap(List<ClusterSubnet> earlier, ClusterSubnet subnet, string field, string entryField)
    {
        if (Ipv4.Overlaps(subnet.Private, subnet.Utility))
        {
            throw new InvalidInputException(
                $"{entryField}.utilityCidr", $"{subnet.Utility} overlaps the private subnet {subnet.Private}", "Give the two subnets blocks of their own.");
        }

        foreach (var (own, key) in new[] { (subnet.Private, "privateCidr"), (subnet.Utility, "utilityCidr") })
        {
            var clash = earlier
                .SelectMany((other, j) => new[] { (Block: other.Private, Key: $"{field}[{j}].privateCidr"), (Block: other.Utility, Key: $"{field}[{j}].utilityCidr") })
                .FirstOrDefault(other => Ipv4.Overlaps(own, other.Block));
            if (clash.Key is not null)
            {
                throw new InvalidInputException($"{entryField}.{key}", $"{own} overlaps {clash.Block} ({clash.Key})", "Give every subnet a block of its own.");
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$")]
    private static partial Regex SubnetName();
}
