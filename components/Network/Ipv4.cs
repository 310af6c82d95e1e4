using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KopsPlatform.Network;

/// <summary>IPv4 block arithmetic on 32-bit integers, so address plans never depend on string layout.</summary>
public static class Ipv4
{
    /// <summary>
    /// Parses <c>a.b.c.d/n</c>. Unlike <see cref="IPNetwork.TryParse(string, out IPNetwork)"/> it tells a text that
    /// is not a CIDR apart from one with host bits set, so the caller can suggest the block that was meant.
    /// </summary>
    public static CidrParseResult Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length != 2
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            return new CidrParseResult(null, null);
        }

        var network = new IPNetwork(ToAddress(ToUInt32(address) & Mask(prefix)), prefix);
        return ToUInt32(address) == ToUInt32(network.BaseAddress)
            ? new CidrParseResult(network, null)
            : new CidrParseResult(null, network);
    }

    /// <summary>The <paramref name="index"/>-th block of length <paramref name="prefixLength"/> inside <paramref name="parent"/>.</summary>
    public static IPNetwork Subnet(IPNetwork parent, int prefixLength, int index)
    {
        if (prefixLength < parent.PrefixLength || prefixLength > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), $"/{prefixLength} does not fit in {parent}.");
        }

        var count = 1L << (prefixLength - parent.PrefixLength);
        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{parent} holds {count} blocks of /{prefixLength}, not {index + 1}.");
        }

        var size = 1L << (32 - prefixLength);
        return new IPNetwork(ToAddress((uint)(ToUInt32(parent.BaseAddress) + index * size)), prefixLength);
    }

    /// <summary>Whether two blocks share any address.</summary>
    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>Whether <paramref name="inner"/> lies wholly inside <paramref name="outer"/>.</summary>
    public static bool Within(IPNetwork inner, IPNetwork outer) =>
        inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    private static uint ToUInt32(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}

/// <summary>A parsed CIDR, or why it isn't one: <see cref="Suggested"/> is set when only host bits were wrong.</summary>
public readonly record struct CidrParseResult(IPNetwork? Network, IPNetwork? Suggested);
