using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KopsPlatform.Kops;

/// <summary>
/// The state store bucket's name. kops writes its <c>configBase</c> into every cluster, so the name must outlive the
/// stack that created it: it is derived from what names the platform (the network, the account, the region), never
/// from the stack's name, which a rename or a split into several stacks would change.
/// </summary>
public static partial class StateStoreName
{
    private const int MaxLength = 63;

    /// <summary>The state store's prefix.</summary>
    public const string StatePrefix = "kops";

    /// <summary>The IRSA discovery store's prefix (<see cref="DiscoveryStore"/>).</summary>
    public const string DiscoveryPrefix = "kops-oidc";

    /// <summary><c>&lt;prefix&gt;-&lt;network&gt;-&lt;account&gt;-&lt;region&gt;</c>, shortened with a hash to S3's 63 characters.</summary>
    public static string Derive(string networkName, string accountId, string region, string prefix = StatePrefix)
    {
        var suffix = $"-{accountId}-{region}";
        var name = $"{prefix}-{networkName}{suffix}";
        if (name.Length <= MaxLength)
        {
            return name;
        }

        // Two long network names that share a prefix must still get different buckets.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(networkName)))[..6];
        var room = MaxLength - prefix.Length - 1 - suffix.Length - hash.Length - 1;
        return $"{prefix}-{networkName[..room].TrimEnd('-')}-{hash}{suffix}";
    }

    /// <summary>S3's rules for a general purpose bucket's name.</summary>
    public static void Check(string name, string field)
    {
        if (!BucketName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal) || IpAddressLike().IsMatch(name)
            || name.StartsWith("xn--", StringComparison.Ordinal) || name.EndsWith("-s3alias", StringComparison.Ordinal))
        {
            throw new InvalidInputException(
                field,
                $"'{name}' is not a valid S3 bucket name",
                "Use 3 to 63 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. acme-kops-state.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddressLike();
}
