using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Kops;

public class KopsPlanReportTests
{
    // The layout of kops's dry-run report (upup/pkg/fi/dryrun_target.go): "  Kind/id", then "  \tField\tvalue" lines.
    private const string Report = "planned\n"
        + "I1124 08:00:00.000000   12345 executor.go:113] Tasks: 120 done / 120 total; 0 can run\n"
        + "Will create resources:\n"
        + "  SecurityGroupRule/https-api-elb-198.51.100.0/24\n"
        + "  \tSecurityGroup       \tname:api-elb.dev.k8s.example.com\n"
        + "  \tCIDR                \t198.51.100.0/24\n"
        + "\n"
        + "Will modify resources:\n"
        + "I1124 08:00:01.000000   12345 dryrun_target.go:200] a log line on the merged stderr\n"
        + "  AutoscalingGroup/nodes.dev.k8s.example.com\n"
        + "  \tMaxSize             \t 4 -> 9\n"
        + "\n"
        + "  LaunchTemplate/nodes.dev.k8s.example.com\n"
        + "  \tInstanceType        \t t3.large -> m6i.large\n"
        + "\n"
        + "Items will be deleted only when the --prune flag is specified:\n"
        + "  SecurityGroupRule    https-api-elb-203.0.113.0/24\n"
        + "\n"
        + "Must specify --yes to apply changes\n";

    [Fact]
    public void A_report_is_counted_by_what_kops_would_create_modify_and_delete()
    {
        var plan = KopsPlanReport.Parse(Report);

        Assert.Equal(KopsPlanStatus.Planned, plan.Status);
        Assert.Equal((1, 2, 1), (plan.Creates, plan.Modifies, plan.Deletes));
        Assert.True(plan.HasChanges);
        Assert.True(plan.RollNeeded);
        Assert.Equal("Will create resources:", plan.Report[0]);
        Assert.Equal("  SecurityGroupRule    https-api-elb-203.0.113.0/24", plan.Report[^1]);
        Assert.DoesNotContain(plan.Report, line => line.Contains(".go:", StringComparison.Ordinal) || line.StartsWith("Must specify", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_a_changed_launch_template_needs_a_roll()
    {
        var plan = KopsPlanReport.Parse(Report.Replace("  LaunchTemplate/nodes.dev.k8s.example.com\n  \tInstanceType        \t t3.large -> m6i.large\n\n", "", StringComparison.Ordinal));

        Assert.Equal(1, plan.Modifies);
        Assert.False(plan.RollNeeded);
    }

    [Theory]
    [InlineData("Will delete items:")]
    [InlineData("Items will be deleted during update:")]
    public void Every_deletion_heading_kops_has_used_counts(string heading) =>
        Assert.Equal(1, KopsPlanReport.Parse(Report.Replace("Items will be deleted only when the --prune flag is specified:", heading, StringComparison.Ordinal)).Deletes);

    [Fact]
    public void No_changes_is_a_plan_without_changes()
    {
        var plan = KopsPlanReport.Parse("planned\nNo changes need to be applied\n");

        Assert.Equal(KopsPlanStatus.Planned, plan.Status);
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Report);
    }

    [Fact]
    public void A_long_report_is_cut_and_the_rest_counted()
    {
        var many = "planned\nWill create resources:\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"  SecurityGroupRule/rule-{i}\n"));

        var plan = KopsPlanReport.Parse(many);

        Assert.Equal(60, plan.Creates);
        Assert.Equal(41, plan.Report.Length);
        Assert.Equal("... 21 more lines", plan.Report[^1]);
    }

    [Theory]
    [InlineData("unavailable: kops is not on PATH\n", "kops is not on PATH")]
    [InlineData("", "the plan script printed ''")]
    public void A_plan_that_could_not_run_says_why(string output, string reason)
    {
        var plan = KopsPlanReport.Parse(output);

        Assert.Equal(KopsPlan.Unavailable(reason), plan with { Report = [] });
        Assert.Equal("unavailable", plan.ToOutput()["status"]);
        Assert.Equal(reason, plan.ToOutput()["reason"]);
    }
}
