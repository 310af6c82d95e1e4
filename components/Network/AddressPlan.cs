using System.Net;

namespace KopsPlatform.Network;

/// <summary>
/// The ReactiveOps address plan: the VPC's lower half holds four tiers of 1/8 each (admin, public, private-prod,
/// private-working), each split into four per-zone subnets with zone i at offset i; the upper half stays free for
/// kops clusters. A /16 gives /19 tiers and /21 subnets; /17 to /20 VPCs scale the same way.
/// </summary>
public sealed record AddressPlan(IPNetwork Vpc, IReadOnlyList<TierBlock> Tiers, IPNetwork ClusterRange)
{
    public const int MinPrefixLength = 16;
    public const int MaxPrefixLength = 20;
    public const int MaxZones = 4;

    private const int TierPrefixOffset = 3;
    private const int SubnetPrefixOffset = TierPrefixOffset + 2;

    public static AddressPlan Create(IPNetwork vpc, int zoneCount)
    {
        if (vpc.PrefixLength is < MinPrefixLength or > MaxPrefixLength)
        {
            throw new ArgumentOutOfRangeException(nameof(vpc), $"{vpc}: the plan needs a /{MinPrefixLength} to /{MaxPrefixLength}.");
        }

        if (zoneCount is < 1 or > MaxZones)
        {
            throw new ArgumentOutOfRangeException(nameof(zoneCount), $"{zoneCount} zones: the plan holds 1 to {MaxZones}.");
        }

        var tiers = SubnetTiers.All
            .Select(tier =>
            {
                var block = Ipv4.Subnet(vpc, vpc.PrefixLength + TierPrefixOffset, (int)tier);
                var subnets = Enumerable.Range(0, zoneCount)
                    .Select(zone => Ipv4.Subnet(block, vpc.PrefixLength + SubnetPrefixOffset, zone))
                    .ToArray();
                return new TierBlock(tier, block, subnets);
            })
            .ToArray();

        return new AddressPlan(vpc, tiers, Ipv4.Subnet(vpc, vpc.PrefixLength + 1, 1));
    }

    public TierBlock this[SubnetTier tier] => Tiers[(int)tier];
}

/// <summary>One tier's block and its subnets in zone order.</summary>
public sealed record TierBlock(SubnetTier Tier, IPNetwork Block, IReadOnlyList<IPNetwork> Subnets);
