using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KopsPlatform.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests;

/// <summary>
/// The files around the code: Renovate finds every pin it is meant to bump, and the package's version, changelog,
/// licence and readme agree with each other and with the README.
/// </summary>
public class RepositoryFilesTests
{
    private static readonly string Root = StackConfig.RepositoryRoot;

    [Fact]
    public void Renovate_finds_every_pinned_CLI_where_it_is_pinned()
    {
        var found = CustomManagers().ToDictionary(manager => manager.DepName, manager => manager.Matches);
        var workflows = new[] { ".github/workflows/drift.yml", ".github/workflows/main.yml", ".github/workflows/pull-request.yml" };

        Assert.Equal(["kubernetes/kops", "kubernetes/kubernetes", "moto", "pulumi/pulumi"], found.Keys.Order());
        Assert.Equal(workflows, found["pulumi/pulumi"].Select(m => m.File).Distinct().Order());
        Assert.All(found["pulumi/pulumi"], m => Assert.Equal(WorkflowEnv("main.yml", "PULUMI_VERSION"), m.Value));
        Assert.Equal(
            [".ci/run", .. workflows, "Pulumi.yaml", "README.md", "components/Kops/KopsScripts.cs"],
            found["kubernetes/kops"].Select(m => m.File).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, found["kubernetes/kops"].Count(m => m.File == "README.md"));
        Assert.All(found["kubernetes/kops"], m => Assert.Equal(KopsPlatform.Kops.KopsScripts.DefaultKopsVersion, m.Value));
        Assert.Equal(["Pulumi.dev.yaml", "Pulumi.prod.yaml"], found["kubernetes/kubernetes"].Select(m => m.File).Order());
        Assert.Equal([".github/workflows/pull-request.yml", "README.md"], found["moto"].Select(m => m.File).Order());
        Assert.All(found["moto"], m => Assert.Equal(WorkflowEnv("pull-request.yml", "MOTO_VERSION"), m.Value));
    }

    [Fact]
    public void Renovate_pins_actions_by_digest_and_groups_kops_with_Kubernetes_under_a_label()
    {
        using var renovate = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "renovate.json")));
        var root = renovate.RootElement;

        Assert.Contains("helpers:pinGitHubActionDigests", root.GetProperty("extends").EnumerateArray().Select(e => e.GetString()));
        var kops = root.GetProperty("packageRules").EnumerateArray()
            .Single(rule => rule.TryGetProperty("groupName", out var group) && group.GetString() == "kops and Kubernetes");
        Assert.Equal(["kubernetes/kops", "kubernetes/kubernetes"], kops.GetProperty("matchDepNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["dependencies", "kops-kubernetes"], kops.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_package_version_is_the_newest_release_in_the_changelog_and_the_one_the_README_references()
    {
        var version = PackageProperty("VersionPrefix");
        var changelog = File.ReadAllText(Path.Combine(Root, "CHANGELOG.md"));
        var releases = Regex.Matches(changelog, @"^## \[(?<version>[^\]]+)\]", RegexOptions.Multiline).Select(m => m.Groups["version"].Value).ToList();

        Assert.Equal(["Unreleased", version], releases.Take(2));
        Assert.Contains($"## [{version}] - 2026-12-04\n", changelog, StringComparison.Ordinal);
        Assert.Contains(
            $"<PackageReference Include=\"KopsPlatform.Components\" Version=\"{version}\" />",
            File.ReadAllText(Path.Combine(Root, "README.md")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_is_Apache_licensed_and_carries_its_readme()
    {
        var project = XDocument.Load(Path.Combine(Root, "components", "KopsPlatform.Components.csproj"));

        Assert.Equal(
            ("KopsPlatform.Components", "Apache-2.0", "README.md", "true"),
            (PackageProperty("PackageId"), PackageProperty("PackageLicenseExpression"), PackageProperty("PackageReadmeFile"), PackageProperty("PublishRepositoryUrl")));
        Assert.Contains(project.Descendants("None"), item => (string?)item.Attribute("Include") == "README.md" && (string?)item.Attribute("Pack") == "true" && (string?)item.Attribute("PackagePath") == "/");
        Assert.StartsWith("# KopsPlatform.Components\n", File.ReadAllText(Path.Combine(Root, "components", "README.md")), StringComparison.Ordinal);
        var license = File.ReadAllText(Path.Combine(Root, "LICENSE"));
        Assert.StartsWith("\n                                 Apache License\n                           Version 2.0, January 2004\n", license, StringComparison.Ordinal);
        Assert.Contains("END OF TERMS AND CONDITIONS", license, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_in_GitHub_Actions_are_deterministic_CI_builds()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));

        Assert.Equal("true", props.Descendants("Deterministic").Single().Value);
        var ci = props.Descendants("ContinuousIntegrationBuild").Single();
        Assert.Equal(("true", "'$(GITHUB_ACTIONS)' == 'true'"), (ci.Value, (string?)ci.Parent!.Attribute("Condition")));
    }

    private static string PackageProperty(string name) =>
        XDocument.Load(Path.Combine(Root, "components", "KopsPlatform.Components.csproj")).Descendants(name).Single().Value;

    private static string WorkflowEnv(string workflow, string name)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, ".github", "workflows", workflow));
        yaml.Load(reader);
        return ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["env"])[name].ToString();
    }

    /// <summary>Each custom manager of renovate.json, with what its match strings find in the files it covers.</summary>
    private static IEnumerable<(string DepName, List<(string File, string Value)> Matches)> CustomManagers()
    {
        using var renovate = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "renovate.json")));
        var files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" or ".git" or ".venv-moto" or ".pulumi-local"))
            .ToList();

        foreach (var manager in renovate.RootElement.GetProperty("customManagers").EnumerateArray())
        {
            var patterns = manager.GetProperty("managerFilePatterns").EnumerateArray().Select(p => new Regex(p.GetString()!.Trim('/'))).ToList();
            var strings = manager.GetProperty("matchStrings").EnumerateArray().Select(p => new Regex(p.GetString()!)).ToList();
            var matches = files.Where(file => patterns.Any(p => p.IsMatch(file)))
                .SelectMany(file =>
                {
                    var text = File.ReadAllText(Path.Combine(Root, file));
                    return strings.SelectMany(s => s.Matches(text)).Select(m => (file, m.Groups["currentValue"].Value));
                })
                .ToList();
            yield return (manager.GetProperty("depNameTemplate").GetString()!, matches);
        }
    }
}
