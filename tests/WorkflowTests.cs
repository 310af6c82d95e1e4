using System.Text.RegularExpressions;
using KopsPlatform.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests;

/// <summary>The GitHub workflows: valid YAML, pinned, testing first, and naming only stacks that exist.</summary>
public partial class WorkflowTests
{
    private static readonly string[] Files =
        [.. Directory.GetFiles(Path.Combine(StackConfig.RepositoryRoot, ".github", "workflows"), "*.yml").Select(f => Path.GetFileName(f)).Order()];

    public static TheoryData<string> Workflows { get; } = [.. Files];

    [Fact]
    public void There_are_pull_request_main_and_drift_workflows() =>
        Assert.Equal(["drift.yml", "main.yml", "pull-request.yml"], Files);

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_stack_a_workflow_names_has_a_stack_file(string workflow)
    {
        var stacks = Stacks(Load(workflow)).ToList();

        Assert.NotEmpty(stacks);
        Assert.All(stacks, stack => Assert.True(
            File.Exists(Path.Combine(StackConfig.RepositoryRoot, $"Pulumi.{stack}.yaml")), $"{workflow} names stack '{stack}', which has no Pulumi.{stack}.yaml"));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_workflow_runs_the_tests_before_touching_a_stack(string workflow)
    {
        var jobs = (YamlMappingNode)Load(workflow)["jobs"];
        var test = (YamlMappingNode)jobs["test"];

        Assert.Contains(Steps(test), step => step.Children.TryGetValue("run", out var run) && run.ToString().Trim() == "dotnet test");
        Assert.All(
            jobs.Children.Where(job => job.Key.ToString() != "test").Select(job => (YamlMappingNode)job.Value),
            job => Assert.Equal("test", job["needs"].ToString()));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_and_the_Pulumi_CLI_are_pinned(string workflow)
    {
        var root = Load(workflow);
        var uses = AllNodes(root).OfType<YamlMappingNode>()
            .Where(node => node.Children.ContainsKey("uses"))
            .Select(node => node["uses"].ToString())
            .ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, action => Assert.Matches(PinnedAction(), action));
        Assert.Matches(@"^\d+\.\d+\.\d+$", ((YamlMappingNode)root["env"])["PULUMI_VERSION"].ToString());
        Assert.All(
            AllNodes(root).OfType<YamlMappingNode>().Where(node => node.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("pulumi/actions@", StringComparison.Ordinal)),
            step => Assert.Equal("${{ env.PULUMI_VERSION }}", ((YamlMappingNode)step["with"])["pulumi-version"].ToString()));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Stacks_are_deployed_one_run_at_a_time_with_short_lived_AWS_credentials(string workflow)
    {
        var jobs = ((YamlMappingNode)Load(workflow)["jobs"]).Children.Select(job => (YamlMappingNode)job.Value);

        foreach (var job in jobs.Where(job => Steps(job).Any(UsesAws)))
        {
            Assert.Contains("${{ matrix.stack }}", ((YamlMappingNode)job["concurrency"])["group"].ToString(), StringComparison.Ordinal);
            Assert.Equal("write", ((YamlMappingNode)job["permissions"])["id-token"].ToString());
            Assert.All(Steps(job).Where(UsesAws), step => Assert.True(((YamlMappingNode)step["with"]).Children.ContainsKey("role-to-assume")));
        }
    }

    [Fact]
    public void Pull_requests_get_a_commented_diff_of_every_environment()
    {
        var preview = (YamlMappingNode)((YamlMappingNode)Load("pull-request.yml")["jobs"])["preview"];
        var pulumi = Steps(preview).Single(step => step.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("pulumi/actions@", StringComparison.Ordinal));
        var with = (YamlMappingNode)pulumi["with"];

        Assert.Equal(("preview", "true", "true"), (with["command"].ToString(), with["comment-on-pr"].ToString(), with["diff"].ToString()));
        Assert.Equal("write", ((YamlMappingNode)preview["permissions"])["pull-requests"].ToString());
    }

    [Fact]
    public void The_drift_check_fails_on_any_change()
    {
        var drift = (YamlMappingNode)((YamlMappingNode)Load("drift.yml")["jobs"])["drift"];
        var with = (YamlMappingNode)Steps(drift).Last()["with"];

        Assert.Equal(("preview", "true", "true"), (with["command"].ToString(), with["expect-no-changes"].ToString(), with["refresh"].ToString()));
        Assert.Equal("{kops-platform:kopsDriftCheck: {value: 'true', secret: false}}", with["config-map"].ToString());
    }

    [Theory]
    [InlineData("pull-request.yml", "preview")]
    [InlineData("drift.yml", "drift")]
    [InlineData("main.yml", "up")]
    public void Jobs_that_run_kops_install_the_pinned_release_through_the_checked_script(string workflow, string job)
    {
        var root = Load(workflow);
        var steps = Steps((YamlMappingNode)((YamlMappingNode)root["jobs"])[job]).ToList();

        var install = steps.FindIndex(step => step.Children.TryGetValue("run", out var run) && run.ToString() == ".github/scripts/install-kops.sh \"$KOPS_VERSION\"");
        Assert.True(install >= 0, $"{workflow} {job} installs no kops");
        Assert.True(install < steps.FindIndex(step => step.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("pulumi/actions@", StringComparison.Ordinal)));
        Assert.Equal(KopsPlatform.Kops.KopsScripts.DefaultKopsVersion, ((YamlMappingNode)root["env"])["KOPS_VERSION"].ToString());
    }

    private static YamlMappingNode Load(string workflow)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(StackConfig.RepositoryRoot, ".github", "workflows", workflow));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    /// <summary>Stacks named by a job matrix or by a <c>--stack</c> flag.</summary>
    private static IEnumerable<string> Stacks(YamlMappingNode workflow) =>
        AllNodes(workflow).OfType<YamlMappingNode>()
            .Where(node => node.Children.ContainsKey("matrix"))
            .SelectMany(node => ((YamlSequenceNode)((YamlMappingNode)node["matrix"])["stack"]).Children.Select(s => s.ToString()))
            .Concat(AllNodes(workflow).OfType<YamlScalarNode>().SelectMany(s => StackFlag().Matches(s.Value ?? "").Select(m => m.Groups[1].Value)))
            .Distinct();

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>();

    private static bool UsesAws(YamlMappingNode step) =>
        step.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal);

    private static IEnumerable<YamlNode> AllNodes(YamlNode node) => node.AllNodes;

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"--stack ([\w-]+)")]
    private static partial Regex StackFlag();
}
