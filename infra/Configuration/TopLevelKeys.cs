using System.Text.Json;

namespace KopsPlatform.Infra.Configuration;

/// <summary>
/// The <c>kops-platform:*</c> keys the program reads. Objects check their own keys when bound; this checks the keys
/// at the top, where a typo (<c>kops-platform:statestore</c>) would otherwise leave a default silently in force.
/// </summary>
public static class TopLevelKeys
{
    public const string ProtectKey = "protect";
    public const string ExportAdminKubeconfigKey = "exportAdminKubeconfig";

    public static IReadOnlyList<string> Known { get; } =
    [
        NetworkConfig.Key,
        PlatformConfig.NetworkStackKey,
        PlatformConfig.ClustersKey,
        StateStoreConfig.Key,
        PlatformConfig.KopsVersionKey,
        ProtectKey,
        ExportAdminKubeconfigKey,
        KopsPlanPolicy.KopsPlanKey,
        KopsPlanPolicy.DriftCheckKey,
    ];

    /// <summary>Refuses the first key of this program's namespace that it doesn't know.</summary>
    /// <param name="configKeys">Every key the stack sets, as the engine names them (<c>kops-platform:network</c>).</param>
    public static void Check(IEnumerable<string> configKeys)
    {
        var prefix = $"{ConfigReader.Namespace}:";
        foreach (var key in configKeys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // Older CLIs write project keys as kops-platform:config:key.
            var name = key[prefix.Length..];
            name = name.StartsWith("config:", StringComparison.Ordinal) ? name["config:".Length..] : name;
            if (Known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var meant = Known.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
            throw new InvalidInputException(
                ConfigReader.KeyOf(name),
                "unknown key",
                (meant is null ? "" : $"Did you mean {ConfigReader.KeyOf(meant)}? ")
                    + $"Known keys are: {string.Join(", ", Known.Select(known => ConfigReader.KeyOf(known)))}.");
        }
    }

    /// <summary>
    /// The keys the engine handed the program: the .NET SDK reads its configuration from <c>PULUMI_CONFIG</c>, a JSON
    /// object of key to value, and offers no way to list it.
    /// </summary>
    public static IReadOnlyList<string> FromEnvironment()
    {
        var json = Environment.GetEnvironmentVariable("PULUMI_CONFIG");
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(property => property.Name)];
    }
}
