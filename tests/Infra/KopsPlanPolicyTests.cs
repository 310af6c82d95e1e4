using KopsPlatform.Infra.Configuration;
using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Infra;

public class KopsPlanPolicyTests
{
    private static readonly KopsPlan NoChanges = new(KopsPlanStatus.Planned, null, 0, 0, 0, false, []);
    private static readonly KopsPlan OneModify = NoChanges with { Modifies = 1 };
    private static readonly KopsPlan NoKops = KopsPlan.Unavailable("kops is not on PATH");

    [Theory]
    [InlineData(KopsPlanMode.Auto, false)]
    [InlineData(KopsPlanMode.Required, false)]
    [InlineData(KopsPlanMode.Auto, true)]
    public void A_plan_without_changes_is_never_an_error(KopsPlanMode mode, bool driftCheck) =>
        Assert.Null(KopsPlanPolicy.Error("dev.k8s.example.com", NoChanges, mode, driftCheck));

    [Fact]
    public void Changes_are_shown_not_refused_outside_the_drift_check() =>
        Assert.Null(KopsPlanPolicy.Error("dev.k8s.example.com", OneModify, KopsPlanMode.Required, false));

    [Fact]
    public void In_the_drift_check_any_change_is_an_error_that_says_what_drifted()
    {
        var error = KopsPlanPolicy.Error("dev.k8s.example.com", OneModify, KopsPlanMode.Auto, true);

        Assert.Equal(
            "kops-platform:kopsDriftCheck: kops would change dev.k8s.example.com (0 to create, 1 to modify, 0 to delete), so the cloud or the state store drifted from what the last up applied (a console change, kops edit). Review the plan above, then run pulumi up to converge, or bring the change into the config.",
            error);
    }

    [Fact]
    public void A_plan_that_could_not_run_passes_in_auto_mode_and_fails_when_required()
    {
        Assert.Null(KopsPlanPolicy.Error("dev.k8s.example.com", NoKops, KopsPlanMode.Auto, false));
        Assert.Equal(
            "kops-platform:kopsPlan: the kops plan of dev.k8s.example.com is required, but could not run (kops is not on PATH). Install kops on PATH with credentials that read the state store, or set kops-platform:kopsPlan: auto.",
            KopsPlanPolicy.Error("dev.k8s.example.com", NoKops, KopsPlanMode.Required, false));
        Assert.StartsWith("kops-platform:kopsDriftCheck: the kops plan of dev.k8s.example.com is required", KopsPlanPolicy.Error("dev.k8s.example.com", NoKops, KopsPlanMode.Auto, true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, KopsPlanMode.Auto)]
    [InlineData("auto", KopsPlanMode.Auto)]
    [InlineData("off", KopsPlanMode.Off)]
    [InlineData("required", KopsPlanMode.Required)]
    public void Modes_parse(string? value, KopsPlanMode mode) => Assert.Equal(mode, KopsPlanPolicy.ParseMode(value));
}
