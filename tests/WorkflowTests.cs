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

    /// <summary>
    /// Every job needs the tests, directly: all but prod's deploy, which needs dev's, which needs the tests.
    /// </summary>
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_workflow_runs_the_tests_before_touching_a_stack(string workflow)
    {
        var jobs = (YamlMappingNode)Load(workflow)["jobs"];
        var test = (YamlMappingNode)jobs["test"];

        Assert.Contains(Steps(test), step => step.Children.TryGetValue("run", out var run) && run.ToString().Trim() == "dotnet test");
        Assert.All(
            jobs.Children.Where(job => job.Key.ToString() != "test"),
            job => Assert.Equal(
                (workflow, job.Key.ToString()) == ("main.yml", "up-prod") ? "up-dev" : "test",
                ((YamlMappingNode)job.Value)["needs"].ToString()));
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
        Assert.All(
            File.ReadAllLines(Path.Combine(StackConfig.RepositoryRoot, ".github", "workflows", workflow)).Where(line => UsesLine().IsMatch(line)),
            line => Assert.Matches(PinnedActionLine(), line));
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
            var group = ((YamlMappingNode)job["concurrency"])["group"].ToString();
            Assert.True(group.Contains("${{ matrix.stack }}", StringComparison.Ordinal) || group.EndsWith($"-{JobStack(job)}", StringComparison.Ordinal), group);
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
    [InlineData("main.yml", "up-dev")]
    [InlineData("main.yml", "up-prod")]
    public void Jobs_that_run_kops_install_the_pinned_release_through_the_checked_script(string workflow, string job)
    {
        var root = Load(workflow);
        var steps = Steps((YamlMappingNode)((YamlMappingNode)root["jobs"])[job]).ToList();

        var install = steps.FindIndex(step => step.Children.TryGetValue("run", out var run) && run.ToString() == ".github/scripts/install-kops.sh \"$KOPS_VERSION\"");
        Assert.True(install >= 0, $"{workflow} {job} installs no kops");
        Assert.True(install < steps.FindIndex(step => step.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("pulumi/actions@", StringComparison.Ordinal)));
        Assert.Equal(KopsPlatform.Kops.KopsScripts.DefaultKopsVersion, ((YamlMappingNode)root["env"])["KOPS_VERSION"].ToString());
    }

    private const string DeployRunner = "${{ vars.DEPLOY_RUNNER || 'ubuntu-24.04' }}";
    private const string PulumiToken = "${{ steps.pulumi-token.outputs.pulumi-access-token || secrets.PULUMI_ACCESS_TOKEN }}";
    private const string ApiCheck = ".github/scripts/check-api-reachable.sh \"$PULUMI_ORG/$STACK\"";

    /// <summary>
    /// A deploy group holds nothing but that stack's deploys, never cancelled: GitHub keeps one waiting job per group and
    /// cancels it for a newer one, so a drift check in the same group could drop a waiting deploy.
    /// </summary>
    [Fact]
    public void Concurrency_groups_keep_deploys_apart_from_everything_else()
    {
        var groups = Files.SelectMany(workflow => Jobs(workflow)
                .Where(job => job.Value.Children.ContainsKey("concurrency"))
                .Select(job => (workflow, job.Key, Group: ((YamlMappingNode)job.Value["concurrency"])["group"].ToString(), Cancel: ((YamlMappingNode)job.Value["concurrency"])["cancel-in-progress"].ToString())))
            .ToList();

        Assert.Equal(
            [
                ("drift.yml", "drift", "drift-${{ matrix.stack }}", "false"),
                ("main.yml", "up-dev", "deploy-dev", "false"),
                ("main.yml", "up-prod", "deploy-prod", "false"),
                ("pull-request.yml", "preview", "preview-${{ matrix.stack }}-${{ github.head_ref }}", "true"),
            ],
            groups);
        Assert.All(Files, workflow => Assert.False(Load(workflow).Children.ContainsKey("concurrency"), $"{workflow} has a workflow-wide group"));
    }

    [Fact]
    public void Prod_deploys_only_after_dev_succeeded_with_the_same_steps()
    {
        var jobs = Jobs("main.yml").ToDictionary(job => job.Key, job => job.Value);
        var dev = jobs["up-dev"];
        var prod = jobs["up-prod"];

        Assert.Equal(("test", "up-dev"), (dev["needs"].ToString(), prod["needs"].ToString()));
        Assert.Equal("github.ref == 'refs/heads/main'", dev["if"].ToString());
        Assert.Equal(("dev", "prod"), (dev["environment"].ToString(), prod["environment"].ToString()));
        Assert.Equal(("dev", "prod"), (JobStack(dev), JobStack(prod)));
        Assert.False(dev.Children.ContainsKey("strategy") || prod.Children.ContainsKey("strategy"), "a deploy job has a matrix: its order would decide what deploys first");
        Assert.Equal(Steps(dev).Select(step => step.ToString()), Steps(prod).Select(step => step.ToString()));
        Assert.Contains(Steps(dev), step => step.Children.TryGetValue("with", out var with) && ((YamlMappingNode)with).Children.TryGetValue("command", out var command) && command.ToString() == "up");
    }

    [Fact]
    public void Deploys_and_the_drift_check_run_on_the_deploy_runner_and_nothing_else_does()
    {
        var runners = Files.SelectMany(workflow => Jobs(workflow).Select(job => (workflow, job.Key, RunsOn: job.Value["runs-on"].ToString()))).ToList();

        Assert.All(runners, runner => Assert.Equal(
            runner is ("main.yml", "up-dev" or "up-prod", _) or ("drift.yml", "drift", _) ? DeployRunner : "ubuntu-24.04",
            runner.RunsOn));
        var readme = Readme();
        Assert.Contains("### The deploy runner", readme, StringComparison.Ordinal);
        Assert.Contains($"`runs-on: {DeployRunner}`", readme, StringComparison.Ordinal);
        Assert.Contains("set the repository variable `DEPLOY_RUNNER` to the label of", readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up-dev")]
    [InlineData("up-prod")]
    public void Every_up_first_checks_that_the_runner_reaches_the_clusters_APIs(string job)
    {
        var steps = Steps(Jobs("main.yml").Single(j => j.Key == job).Value).ToList();

        var install = steps.FindIndex(step => IsPulumiAction(step) && !((YamlMappingNode)step["with"]).Children.ContainsKey("command"));
        var check = steps.FindIndex(step => step.Children.TryGetValue("run", out var run) && run.ToString() == ApiCheck);
        var up = steps.FindIndex(step => IsPulumiAction(step) && ((YamlMappingNode)step["with"]).Children.TryGetValue("command", out var command) && command.ToString() == "up");
        Assert.True(install >= 0 && install < check && check < up, $"install {install}, check {check}, up {up}");
        var env = (YamlMappingNode)steps[check]["env"];
        Assert.Equal(("${{ vars.PULUMI_ORG }}", PulumiToken), (env["PULUMI_ORG"].ToString(), env["PULUMI_ACCESS_TOKEN"].ToString()));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_that_runs_the_tests_checks_the_specs_against_kops_schemas(string workflow)
    {
        var testing = Jobs(workflow).Where(job => Steps(job.Value).Any(IsDotnetTest)).ToList();

        Assert.NotEmpty(testing);
        foreach (var (name, job) in testing)
        {
            var steps = Steps(job).ToList();
            var fetch = steps.FindIndex(step => step.Children.TryGetValue("run", out var run) && run.ToString() == ".github/scripts/fetch-kops-crds.sh \"$KOPS_VERSION\"");
            Assert.True(fetch >= 0 && fetch < steps.FindIndex(IsDotnetTest), $"{workflow} {name} runs the tests without KOPS_CRD_DIR");
        }

        Assert.Contains(
            "echo \"KOPS_CRD_DIR=$dir\" >>\"${GITHUB_ENV:?GITHUB_ENV is set by GitHub Actions}\"\n",
            File.ReadAllText(Path.Combine(StackConfig.RepositoryRoot, ".github", "scripts", "fetch-kops-crds.sh")),
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void The_NET_SDK_is_the_one_global_json_names(string workflow)
    {
        var setups = AllNodes(Load(workflow)).OfType<YamlMappingNode>()
            .Where(node => node.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("actions/setup-dotnet@", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(setups);
        Assert.All(setups, setup => Assert.Equal(
            [("global-json-file", "global.json")],
            ((YamlMappingNode)setup["with"]).Children.Select(entry => (entry.Key.ToString(), entry.Value.ToString()))));
        Assert.False(((YamlMappingNode)Load(workflow)["env"]).Children.ContainsKey("DOTNET_VERSION"));
    }

    [Fact]
    public void Actions_are_pinned_alike_in_every_workflow()
    {
        var pins = Files
            .SelectMany(workflow => File.ReadAllLines(Path.Combine(StackConfig.RepositoryRoot, ".github", "workflows", workflow)))
            .Select(line => PinnedActionLine().Match(line))
            .Where(match => match.Success)
            .GroupBy(match => match.Groups["action"].Value, match => (match.Groups["sha"].Value, match.Groups["version"].Value));

        Assert.All(pins, pin => Assert.Single(pin.Distinct()));
        Assert.Single(Files.Select(workflow => ((YamlMappingNode)Load(workflow)["env"])["PULUMI_VERSION"].ToString()).Distinct());
    }

    /// <summary>
    /// Pulumi Cloud: a short-lived token from GitHub's OIDC token, or the PULUMI_ACCESS_TOKEN secret where the repository
    /// variable PULUMI_AUTH says access-token; every step that talks to Pulumi Cloud gets it, and only those.
    /// </summary>
    [Theory]
    [InlineData("main.yml", "up-dev")]
    [InlineData("main.yml", "up-prod")]
    [InlineData("drift.yml", "drift")]
    [InlineData("pull-request.yml", "preview")]
    public void Pulumi_Cloud_credentials_come_from_OIDC_with_the_access_token_as_the_fallback(string workflow, string name)
    {
        var job = Jobs(workflow).Single(j => j.Key == name).Value;
        var steps = Steps(job).ToList();

        var auth = steps.FindIndex(step => step.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("pulumi/auth-actions@", StringComparison.Ordinal));
        Assert.True(auth >= 0, $"{workflow} {name} has no OIDC exchange");
        Assert.Equal("pulumi-token", steps[auth]["id"].ToString());
        Assert.EndsWith("vars.PULUMI_AUTH != 'access-token'", steps[auth]["if"].ToString(), StringComparison.Ordinal);
        Assert.Equal(
            [("organization", "${{ vars.PULUMI_ORG }}"), ("requested-token-type", "urn:pulumi:token-type:access_token:organization")],
            ((YamlMappingNode)steps[auth]["with"]).Children.Select(entry => (entry.Key.ToString(), entry.Value.ToString())));
        Assert.Equal("write", ((YamlMappingNode)job["permissions"])["id-token"].ToString());

        var cloud = steps.Select((step, index) => (step, index))
            .Where(s => (IsPulumiAction(s.step) && ((YamlMappingNode)s.step["with"]).Children.ContainsKey("command")) || (s.step.Children.TryGetValue("run", out var run) && run.ToString() == ApiCheck))
            .ToList();
        Assert.NotEmpty(cloud);
        Assert.All(cloud, s => Assert.True(s.index > auth));
        Assert.All(cloud, s => Assert.Equal(PulumiToken, ((YamlMappingNode)s.step["env"])["PULUMI_ACCESS_TOKEN"].ToString()));
        Assert.False(job.Children.TryGetValue("env", out var env) && ((YamlMappingNode)env).Children.ContainsKey("PULUMI_ACCESS_TOKEN"));
    }

    [Fact]
    public void The_secret_token_is_read_nowhere_else_and_the_README_documents_the_fallback()
    {
        var reads = Files.SelectMany(workflow => AllNodes(Load(workflow)).OfType<YamlScalarNode>()
            .Where(scalar => scalar.Value!.Contains("secrets.PULUMI_ACCESS_TOKEN", StringComparison.Ordinal))
            .Select(scalar => scalar.Value));

        Assert.All(reads, read => Assert.Equal(PulumiToken, read));
        var readme = Readme();
        Assert.Contains("set the repository variable `PULUMI_AUTH` to `access-token`", readme, StringComparison.Ordinal);
        Assert.Contains("the secret `PULUMI_ACCESS_TOKEN`", readme, StringComparison.Ordinal);
        Assert.Contains("`pulumi/auth-actions`", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Previews_of_pull_requests_from_forks_skip_every_cloud_step_with_a_notice()
    {
        var preview = Jobs("pull-request.yml").Single(job => job.Key == "preview").Value;
        var steps = Steps(preview).ToList();

        Assert.Equal("${{ github.event.pull_request.head.repo.full_name != github.repository }}", ((YamlMappingNode)preview["env"])["FROM_FORK"].ToString());
        Assert.Equal("env.FROM_FORK == 'true'", steps[0]["if"].ToString());
        Assert.StartsWith("echo \"::notice title=No preview of ${{ matrix.stack }}::This pull request comes from a fork", steps[0]["run"].ToString(), StringComparison.Ordinal);
        Assert.All(steps.Skip(1), step => Assert.StartsWith("env.FROM_FORK != 'true'", step["if"].ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Moto_is_pinned_and_the_local_run_is_the_READMEs()
    {
        var workflow = Load("pull-request.yml");
        var local = (YamlMappingNode)((YamlMappingNode)workflow["jobs"])["local"];
        var runs = string.Join("\n", Steps(local).Where(step => step.Children.ContainsKey("run")).Select(step => step["run"].ToString()));
        var readme = Readme();
        var endpoints = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)LoadYaml("Pulumi.local.yaml")["config"])["aws:endpoints"]).Children.Single();
        var pointAtMoto = $"for service in {string.Join(' ', endpoints.Children.Keys)}; do";

        Assert.Equal("5.2.1", ((YamlMappingNode)workflow["env"])["MOTO_VERSION"].ToString());
        Assert.Contains("\"$RUNNER_TEMP/moto/bin/pip\" install --quiet \"moto[server]==$MOTO_VERSION\"", runs, StringComparison.Ordinal);
        Assert.Contains("python3 -m venv .venv-moto && .venv-moto/bin/pip install 'moto[server]==5.2.1'", readme, StringComparison.Ordinal);
        foreach (var text in new[] { runs, readme })
        {
            Assert.Contains(pointAtMoto, text, StringComparison.Ordinal);
            Assert.Contains("pulumi config set --stack local --path \"aws:endpoints[0].$service\" \"http://127.0.0.1:$MOTO_PORT\"", text, StringComparison.Ordinal);
            Assert.Contains("curl -fsS --retry 30 --retry-connrefused --retry-delay 1 \"http://127.0.0.1:$MOTO_PORT/moto-api/\"", text, StringComparison.Ordinal);
            Assert.Contains("export PULUMI_BACKEND_URL=\"file://", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?m)^\s*pulumi login", text);
        }

        Assert.Contains("export PULUMI_BACKEND_URL=\"file://$PWD/.pulumi-local\" PULUMI_CONFIG_PASSPHRASE=local-only", readme, StringComparison.Ordinal);
        Assert.Equal("local-only", ((YamlMappingNode)local["env"])["PULUMI_CONFIG_PASSPHRASE"].ToString());
    }

    [Fact]
    public void Pull_requests_run_the_end_to_end_test_with_the_pinned_moto_and_ci_requires_it()
    {
        var steps = Steps((YamlMappingNode)((YamlMappingNode)Load("pull-request.yml")["jobs"])["test"]).ToList();
        var moto = steps.FindIndex(step => step.Children.TryGetValue("run", out var run)
            && run.ToString().Contains("\"$RUNNER_TEMP/moto/bin/pip\" install --quiet \"moto[server]==$MOTO_VERSION\"", StringComparison.Ordinal)
            && run.ToString().Contains($"echo \"{MotoServer.PythonVariable}=$RUNNER_TEMP/moto/bin/python\" >>\"$GITHUB_ENV\"", StringComparison.Ordinal));

        Assert.True(moto >= 0 && moto < steps.FindIndex(IsDotnetTest), $"the tests run before moto is installed ({moto})");
        var ci = File.ReadAllText(Path.Combine(StackConfig.RepositoryRoot, ".ci", "run"));
        Assert.Contains($"{MotoServer.PythonVariable}=${{{MotoServer.PythonVariable}:-python3}}", ci, StringComparison.Ordinal);
        Assert.Contains($"if ! \"${MotoServer.PythonVariable}\" -c 'import moto.server'", ci, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string workflow) => LoadYaml(Path.Combine(".github", "workflows", workflow));

    private static YamlMappingNode LoadYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(StackConfig.RepositoryRoot, path));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static string Readme() => File.ReadAllText(Path.Combine(StackConfig.RepositoryRoot, "README.md"));

    private static IEnumerable<(string Key, YamlMappingNode Value)> Jobs(string workflow) =>
        ((YamlMappingNode)Load(workflow)["jobs"]).Children.Select(job => (job.Key.ToString(), (YamlMappingNode)job.Value));

    private static bool IsPulumiAction(YamlMappingNode step) =>
        step.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("pulumi/actions@", StringComparison.Ordinal);

    private static bool IsDotnetTest(YamlMappingNode step) =>
        step.Children.TryGetValue("run", out var run) && run.ToString().Trim() == "dotnet test";

    /// <summary>Stacks named by a job matrix, a <c>--stack</c> flag or a job's <c>env.STACK</c>.</summary>
    private static IEnumerable<string> Stacks(YamlMappingNode workflow) =>
        AllNodes(workflow).OfType<YamlMappingNode>()
            .Where(node => node.Children.ContainsKey("matrix"))
            .SelectMany(node => ((YamlSequenceNode)((YamlMappingNode)node["matrix"])["stack"]).Children.Select(s => s.ToString()))
            .Concat(AllNodes(workflow).OfType<YamlScalarNode>().SelectMany(s => StackFlag().Matches(s.Value ?? "").Select(m => m.Groups[1].Value)))
            .Concat(((YamlMappingNode)workflow["jobs"]).Children.Select(job => JobStack((YamlMappingNode)job.Value)).OfType<string>())
            .Distinct();

    /// <summary>The stack a job deploys by itself (its <c>env.STACK</c>), if it names one.</summary>
    private static string? JobStack(YamlMappingNode job) =>
        job.Children.TryGetValue("env", out var env) && ((YamlMappingNode)env).Children.TryGetValue("STACK", out var stack) ? stack.ToString() : null;

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>();

    private static bool UsesAws(YamlMappingNode step) =>
        step.Children.TryGetValue("uses", out var uses) && uses.ToString().StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal);

    private static IEnumerable<YamlNode> AllNodes(YamlNode node) => node.AllNodes;

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"^\s*(- )?uses:")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^\s*(- )?uses: (?<action>[\w.-]+/[\w.-]+)@(?<sha>[0-9a-f]{40}) # (?<version>v\d+\.\d+\.\d+)$")]
    private static partial Regex PinnedActionLine();

    [GeneratedRegex(@"--stack ([\w-]+)")]
    private static partial Regex StackFlag();
}
