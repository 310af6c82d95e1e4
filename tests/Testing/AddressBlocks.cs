using System.Buffers.Binary;
using System.Net;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// An oracle for address blocks that shares no code with <c>Ipv4</c>: a block is the numeric range from its first to
/// its last address, and two blocks meet when their ranges do.
/// </summary>
public static class AddressBlocks
{
    public static (uint First, uint Last) Range(IPNetwork block)
    {
        var first = BinaryPrimitives.ReadUInt32BigEndian(block.BaseAddress.GetAddressBytes());
        var hostBits = 32 - block.PrefixLength;
        return (first, hostBits == 32 ? uint.MaxValue : first + (uint)((1L << hostBits) - 1));
    }

    public static bool Meet(IPNetwork a, IPNetwork b) => Range(a).First <= Range(b).Last && Range(b).First <= Range(a).Last;

    /// <summary>No two of the blocks share an address.</summary>
    public static void AssertDisjoint(IReadOnlyList<IPNetwork> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            for (var j = i + 1; j < blocks.Count; j++)
            {
                Assert.False(Meet(blocks[i], blocks[j]), $"{blocks[i]} overlaps {blocks[j]}");
            }
        }
    }

    /// <summary>Every block lies wholly inside <paramref name="outer"/>.</summary>
    public static void AssertInside(IEnumerable<IPNetwork> blocks, IPNetwork outer)
    {
        var (first, last) = Range(outer);
        Assert.All(blocks, block => Assert.True(first <= Range(block).First && Range(block).Last <= last, $"{block} is not inside {outer}"));
    }
}
