using System.Text.RegularExpressions;

namespace KopsPlatform.Migrate;

/// <summary>
/// The network's <c>name</c>, which prefixes every logical name and <c>Name</c> tag: a lower-case letter, then
/// letters, digits and '-', at most 31 characters (what <c>kops-platform:network.name</c> accepts).
/// </summary>
public static partial class NetworkNames
{
    public const int MaxLength = 31;

    public static bool IsValid(string name) => Valid().IsMatch(name);

    /// <summary>The Name tag made DNS-safe: lower case, every run of other characters one '-', cut to 31.</summary>
    /// <param name="where">The resource the tag is on, for messages.</param>
    public static string FromNameTag(string? nameTag, string where)
    {
        if (string.IsNullOrWhiteSpace(nameTag))
        {
            throw new MigrationException($"{where} has no Name tag to name the network after: pass --network-name.");
        }

        var name = Others().Replace(nameTag.ToLowerInvariant(), "-").Trim('-');
        name = name.Length > MaxLength ? name[..MaxLength].TrimEnd('-') : name;
        return IsValid(name)
            ? name
            : throw new MigrationException(
                $"{where}: its Name tag \"{nameTag}\" makes no network name (a lower-case letter first, then letters, digits and '-', at most {MaxLength}): pass --network-name.");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex Valid();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Others();
}
