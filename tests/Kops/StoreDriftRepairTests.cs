using System.Collections.Immutable;
using KopsPlatform.Infra;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// A state store that no longer holds what the last up applied (a failed apply, then a revert; kops edit) makes
/// the apply pending again; one that holds it changes nothing, also after a repair.
/// </summary>
[Collection(PulumiEngine.Name)]
public class StoreDriftRepairTests
{
    private const string Cluster = "dev.k8s.example.com";

    [Fact]
    public async Task A_store_that_holds_the_applied_spec_leaves_the_apply_as_it_was()
    {
        var (mocks, spec) = await AfterAnUp();
        mocks.ReadStoreAs($"stored\n{spec}");

        var stack = await Preview(mocks);

        Assert.Equal("", (await stack.DriftRepairs.Value())[Cluster]);
        Assert.Single(Triggers(mocks));
        var read = Assert.Single(mocks.Runs("print_stored_spec"));
        Assert.Contains("kops get cluster --name \"$cluster\" -o yaml", (string)read.Args["command"], StringComparison.Ordinal);
        Assert.Equal("s3://kops-dev-123456789012-us-east-1", ((IReadOnlyDictionary<string, object>)read.Args["environment"])["KOPS_STATE_STORE"]);
    }

    [Fact]
    public async Task A_drifted_store_adds_a_term_to_the_apply_and_the_next_run_keeps_it()
    {
        var (mocks, spec) = await AfterAnUp();
        var drifted = $"stored\n{spec.Replace("maxSize: 4", "maxSize: 9", StringComparison.Ordinal)}";
        mocks.ReadStoreAs(drifted);

        var repair = (await (await Preview(mocks)).DriftRepairs.Value())[Cluster];

        Assert.Matches("^drift-[0-9a-f]{16}$", repair);
        Assert.Equal(repair, Triggers(mocks)[1]);

        // After the repairing up, the store holds the spec again and the stack recorded the term: nothing changes.
        var repaired = new AwsMocks();
        repaired.ReadStoreAs($"stored\n{spec}");
        repaired.OtherStacks["organization/kops-platform/dev"] = (mocks.OtherStacks["organization/kops-platform/dev"].Outputs
            .SetItem("driftRepairs", ImmutableDictionary<string, object>.Empty.Add(Cluster, repair)), []);
        await Preview(repaired);
        Assert.Equal(repair, Triggers(repaired)[1]);
    }

    [Fact]
    public async Task A_new_cluster_reads_no_store_and_a_store_that_cant_be_read_changes_nothing()
    {
        var fresh = new AwsMocks();
        await Preview(fresh);
        Assert.Empty(fresh.Runs("print_stored_spec"));

        var (mocks, _) = await AfterAnUp();
        await Preview(mocks);
        Assert.Single(Triggers(mocks));
    }

    [Fact]
    public async Task With_rolling_updates_off_the_commands_kops_left_pending_are_reported()
    {
        var mocks = new AwsMocks();
        mocks.CommandStderr[$"{Cluster}-apply"] = "Cluster changes have been applied to the cloud.\n"
            + "kops-platform: pending: kops rolling-update cluster --name dev.k8s.example.com --yes\n"
            + "kops-platform: pending: kops update cluster --name dev.k8s.example.com --prune --yes\n";
        KopsCluster? cluster = null;

        await PulumiRun.Components(mocks, () => cluster = new KopsCluster(Cluster, new KopsClusterArgs
        {
            Settings = ClusterRulesTests.Valid,
            StateStore = "s3://state",
            Region = "us-east-1",
            VpcId = "vpc-0abc",
            VpcCidr = "10.20.0.0/16",
            ClusterCidr = "10.20.128.0/17",
            AvailabilityZones = ["us-east-1a"],
            NatGatewayIds = ["nat-0a"],
        }));

        Assert.Equal(
            ["kops rolling-update cluster --name dev.k8s.example.com --yes", "kops update cluster --name dev.k8s.example.com --prune --yes"],
            await cluster!.PendingActions.Items());
    }

    [Fact]
    public void The_read_script_sees_a_failed_apply_left_behind_and_a_kops_edit_against_the_fake_kops()
    {
        using var kops = new FakeKops();
        var settings = ClusterRulesTests.Valid;
        var network = new ClusterNetwork("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a", "us-east-1d"], ["nat-0a"]);
        var applied = KopsSpecRenderer.Render(settings, network, FakeKops.StateStore, "f");
        Assert.Equal(0, kops.Run(KopsScripts.Apply(settings, KopsScripts.DefaultKopsVersion), applied).ExitCode);

        var read = kops.Run(KopsScripts.ReadStore(settings, KopsScripts.DefaultKopsVersion));
        Assert.Equal(0, read.ExitCode);
        Assert.StartsWith("stored\n", read.Stdout, StringComparison.Ordinal);
        Assert.Equal("", StoreDrift.Check(applied, read.Stdout, null).Term);

        // A bigger node group is stored, then the update fails; the config goes back to what was applied.
        var bigger = KopsSpecRenderer.Render(settings with { Nodes = new() { Min = 2, Max = 9 } }, network, FakeKops.StateStore, "f");
        Assert.NotEqual(0, kops.Run(KopsScripts.Apply(settings, KopsScripts.DefaultKopsVersion), bigger, failAt: "update").ExitCode);
        var afterFailure = kops.Run(KopsScripts.ReadStore(settings, KopsScripts.DefaultKopsVersion)).Stdout;
        Assert.StartsWith("drift-", StoreDrift.Check(applied, afterFailure, null).Term, StringComparison.Ordinal);

        // The repair writes the applied spec again.
        Assert.Equal(0, kops.Run(KopsScripts.Apply(settings, KopsScripts.DefaultKopsVersion), applied).ExitCode);
        var repaired = kops.Run(KopsScripts.ReadStore(settings, KopsScripts.DefaultKopsVersion)).Stdout;
        Assert.Equal("drift-0000000000000000", StoreDrift.Check(applied, repaired, "drift-0000000000000000").Term);

        // kops edit, behind the stack's back.
        var config = Path.Combine(kops.StoreFolder(), settings.Name, "config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("- 203.0.113.0/24", "- 0.0.0.0/0", StringComparison.Ordinal));
        var edited = kops.Run(KopsScripts.ReadStore(settings, KopsScripts.DefaultKopsVersion)).Stdout;
        Assert.StartsWith("drift-", StoreDrift.Check(applied, edited, null).Term, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "1.36.2", "absent\n")]
    [InlineData("version", "1.36.2", "unavailable: 'kops version' failed\n")]
    [InlineData(null, "1.35.0", "unavailable: kops 1.35.0 is on PATH, but the stack pins kops 1.36.2\n")]
    [InlineData("get", "1.36.2", "unavailable: Error: injected failure")]
    public void The_read_script_reports_what_it_cant_read_and_never_fails(string? failAt, string version, string stdout)
    {
        using var kops = new FakeKops();

        var read = kops.Run(KopsScripts.ReadStore(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), failAt: failAt, kopsVersion: version);

        Assert.Equal(0, read.ExitCode);
        Assert.StartsWith(stdout, read.Stdout, StringComparison.Ordinal);
        Assert.Equal(["version"], kops.Calls.Take(1));
        Assert.DoesNotContain(kops.Calls, call => call is "replace" or "update" or "create" or "delete");
    }

    private static async Task<(AwsMocks Mocks, string Spec)> AfterAnUp()
    {
        var (outputs, secrets) = await StackOutputs.Export(StackConfig.Load("dev"));
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (outputs, secrets);
        return (mocks, (string)((IReadOnlyDictionary<string, object>)outputs["kopsSpecs"])[Cluster]);
    }

    private static async Task<PlatformStack> Preview(AwsMocks mocks) =>
        (await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), preview: true)).OfType<PlatformStack>().Single();

    private static string[] Triggers(AwsMocks mocks) => [.. ((IEnumerable<object>)mocks.Named($"{Cluster}-apply").Inputs["triggers"]).Cast<string>()];
}
