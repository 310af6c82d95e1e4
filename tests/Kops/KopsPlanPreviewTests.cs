using System.Diagnostics;
using System.Text.Json.Nodes;
using KopsPlatform.Infra;
using KopsPlatform.Kops;
using KopsPlatform.Tests.Testing;
using Xunit.Abstractions;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// A preview asks kops for its plan of each cluster whose spec is known, through the <c>local.run</c> invoke; an up
/// never does. The end-to-end tests run the real plan script against the fake kops.
/// </summary>
[Collection(PulumiEngine.Name)]
public sealed class KopsPlanPreviewTests(ITestOutputHelper output)
{
    private const string Dev = "dev.k8s.example.com";

    [Fact]
    public async Task A_preview_plans_every_cluster_once_with_its_spec_on_stdin()
    {
        var mocks = await AfterAnUp(TwoClusters());

        var stack = await Preview(mocks, TwoClusters());

        var specs = await stack.KopsSpecs.Value();
        var plans = mocks.Runs("plan_in_copy").ToList();
        Assert.Equal(2, plans.Count);
        Assert.Equal(specs.Values.Order(), plans.Select(p => (string)p.Args["stdin"]).Order());
        Assert.All(plans, p => Assert.Equal(
            "s3://kops-dev-123456789012-us-east-1",
            ((IReadOnlyDictionary<string, object>)p.Args["environment"])["KOPS_STATE_STORE"]));
        var summary = (await stack.KopsPlans.Value())[Dev];
        Assert.Equal("unavailable", summary["status"]);
        Assert.Equal("no kops under the mock engine", summary["reason"]);
    }

    [Fact]
    public async Task An_up_never_plans()
    {
        var mocks = new AwsMocks();

        var stack = (await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"))).OfType<PlatformStack>().Single();

        Assert.Empty(mocks.Runs("plan_in_copy"));
        Assert.Equal("not-run", (await stack.KopsPlans.Value())[Dev]["status"]);
    }

    [Fact]
    public async Task A_spec_that_waits_for_a_new_VPC_is_not_planned()
    {
        var mocks = new AwsMocks(unknownIds: true);

        await Preview(mocks, StackConfig.Load("dev"));

        Assert.Empty(mocks.Runs("plan_in_copy"));
    }

    [Fact]
    public async Task Plans_off_plan_nothing()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:kopsPlan"] = "off";
        var mocks = await AfterAnUp(StackConfig.Load("dev"));

        await Preview(mocks, config);

        Assert.Empty(mocks.Runs("plan_in_copy"));
    }

    [Fact]
    public async Task A_required_plan_that_cant_run_fails_the_preview_naming_the_key()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:kopsPlan"] = "required";
        var mocks = await AfterAnUp(StackConfig.Load("dev"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Preview(mocks, config));

        Assert.Contains(
            "kops-platform:kopsPlan: the kops plan of dev.k8s.example.com is required, but could not run (no kops under the mock engine).",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_drift_check_passes_while_the_cloud_is_as_applied_and_fails_after_a_change_made_by_hand()
    {
        using var kops = new FakeKops();
        var (mocks, spec) = await AppliedForReal(kops);
        var driftCheck = StackConfig.Load("dev");
        driftCheck["kops-platform:kopsDriftCheck"] = "true";

        var stack = await Preview(mocks, driftCheck);
        Assert.Equal("planned", (await stack.KopsPlans.Value())[Dev]["status"]);
        Assert.Equal(0, (await stack.KopsPlans.Value())[Dev]["modifies"]);

        // Someone opens the API to another network with kops edit and kops update --yes.
        var edited = spec.Replace("  - 203.0.113.0/24\n", "  - 203.0.113.0/24\n  - 198.51.100.0/24\n", StringComparison.Ordinal);
        Assert.Equal(0, kops.Run(KopsScripts.Apply(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), edited, environment: StoreOf(mocks)).ExitCode);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Preview(mocks, driftCheck));
        Assert.Contains("kops-platform:kopsDriftCheck: kops would change dev.k8s.example.com (0 to create, 0 to modify, 1 to delete)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plans_of_several_clusters_run_concurrently()
    {
        using var kops = new FakeKops();
        // kops's update waits 2 s: long next to what the fakes spend spawning processes, so the ratio measures overlap.
        var slow = new Dictionary<string, string> { ["FAKE_KOPS_SLEEP"] = "update:2" };

        // Three first, so that the single plan (the baseline) runs warm.
        var three = await TimedPreview(kops, Clusters(3), slow);
        var one = await TimedPreview(kops, StackConfig.Load("dev"), slow);

        output.WriteLine($"one cluster: {one.TotalSeconds:0.00} s, three clusters: {three.TotalSeconds:0.00} s, ratio {three / one:0.00}");
        Assert.True(three < one * 2, $"three plans took {three / one:0.00} times one plan");
    }

    private static async Task<TimeSpan> TimedPreview(FakeKops kops, Dictionary<string, object> config, IReadOnlyDictionary<string, string> environment)
    {
        kops.CreateBucket("s3://kops-dev-123456789012-us-east-1");
        var mocks = new AwsMocks { LocalRun = (script, stdin, env) => Task.Run(() => kops.Run(script, stdin, environment: env.Concat(environment).ToDictionary()).Stdout) };
        var clock = Stopwatch.StartNew();
        var stack = await Preview(mocks, config);
        clock.Stop();
        Assert.All((await stack.KopsPlans.Value()).Values, plan => Assert.Equal("planned", plan["status"]));
        return clock.Elapsed;
    }

    /// <summary>An up of dev under mocks, then its spec applied for real to the fake kops; the mocks run scripts against it.</summary>
    private static async Task<(AwsMocks Mocks, string Spec)> AppliedForReal(FakeKops kops)
    {
        var mocks = await AfterAnUp(StackConfig.Load("dev"));
        var spec = (string)((IReadOnlyDictionary<string, object>)mocks.OtherStacks["organization/kops-platform/dev"].Outputs["kopsSpecs"])[Dev];
        kops.CreateBucket("s3://kops-dev-123456789012-us-east-1");
        Assert.Equal(0, kops.Run(KopsScripts.Apply(ClusterRulesTests.Valid, KopsScripts.DefaultKopsVersion), spec, environment: StoreOf(mocks)).ExitCode);
        mocks.LocalRun = (script, stdin, env) => Task.Run(() => kops.Run(script, stdin, environment: env).Stdout);
        return (mocks, spec);
    }

    private static Dictionary<string, string> StoreOf(AwsMocks mocks) => new() { ["KOPS_STATE_STORE"] = "s3://kops-dev-123456789012-us-east-1" };

    private static async Task<AwsMocks> AfterAnUp(Dictionary<string, object> config)
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = await StackOutputs.Export(config);
        return mocks;
    }

    private static async Task<PlatformStack> Preview(AwsMocks mocks, Dictionary<string, object> config) =>
        (await PulumiRun.Stack<PlatformStack>(mocks, config, preview: true)).OfType<PlatformStack>().Single();

    private static Dictionary<string, object> TwoClusters() => Clusters(2);

    /// <summary>Dev with <paramref name="count"/> clusters, in slots 0 up.</summary>
    private static Dictionary<string, object> Clusters(int count)
    {
        var config = StackConfig.Load("dev");
        var first = JsonNode.Parse((string)config["kops-platform:clusters"])![0]!;
        var clusters = new JsonArray();
        for (var slot = 0; slot < count; slot++)
        {
            var cluster = first.DeepClone().AsObject();
            cluster["name"] = slot == 0 ? Dev : $"c{slot}.k8s.example.com";
            cluster["slot"] = slot;
            clusters.Add(cluster);
        }

        config["kops-platform:clusters"] = clusters.ToJsonString();
        return config;
    }
}
