using KopsPlatform.Kops;

namespace KopsPlatform.Infra.Configuration;

/// <summary>
/// What a preview does with a cluster's kops plan beyond showing it: with <c>kopsPlan: required</c> a plan that could
/// not run is an error; with <c>kopsDriftCheck</c> (the daily drift job) so is any change kops would make, since the
/// cloud or the state store then differs from what the last up left.
/// </summary>
public static class KopsPlanPolicy
{
    public const string KopsPlanKey = "kopsPlan";
    public const string DriftCheckKey = "kopsDriftCheck";

    public static KopsPlanMode ParseMode(string? value) => value switch
    {
        null or "auto" => KopsPlanMode.Auto,
        "off" => KopsPlanMode.Off,
        "required" => KopsPlanMode.Required,
        _ => throw new InvalidInputException(ConfigReader.KeyOf(KopsPlanKey), $"'{value}' is not a plan mode", "Use auto, off or required."),
    };

    /// <summary>The error the plan is, if it is one.</summary>
    public static string? Error(string cluster, KopsPlan plan, KopsPlanMode mode, bool driftCheck)
    {
        if (plan.Status == KopsPlanStatus.Unavailable && (mode == KopsPlanMode.Required || driftCheck))
        {
            return $"{ConfigReader.KeyOf(driftCheck ? DriftCheckKey : KopsPlanKey)}: the kops plan of {cluster} is required, but could not run ({plan.Reason}). "
                + $"Install kops on PATH with credentials that read the state store, or set {ConfigReader.KeyOf(KopsPlanKey)}: auto.";
        }

        if (driftCheck && plan.HasChanges)
        {
            return $"{ConfigReader.KeyOf(DriftCheckKey)}: kops would change {cluster} ({plan.Creates} to create, {plan.Modifies} to modify, {plan.Deletes} to delete), "
                + "so the cloud or the state store drifted from what the last up applied (a console change, kops edit). "
                + "Review the plan above, then run pulumi up to converge, or bring the change into the config.";
        }

        return null;
    }
}
