using KopsPlatform.Migrate;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Runs the migration tool in-process, as its command line would, in a temp folder of its own that is removed
/// afterwards. The output folder (<see cref="Out"/>) does not exist until the tool writes it.
/// </summary>
public sealed class MigrateRun : IDisposable
{
    public MigrateRun()
    {
        Root = Directory.CreateTempSubdirectory("kops-platform-migrate-").FullName;
    }

    public string Root { get; }

    public string Out => Path.Combine(Root, "out");

    public static string Fixture(string name) => Path.Combine(StackConfig.RepositoryRoot, "tests", "Migrate", "Fixtures", name);

    /// <summary>A fixture's text with literal replacements, written into the run's folder: a variant of a fixture.</summary>
    public string Variant(string fixture, params (string Old, string New)[] replacements)
    {
        var text = File.ReadAllText(Fixture(fixture));
        foreach (var (old, replacement) in replacements)
        {
            Xunit.Assert.Contains(old, text, StringComparison.Ordinal);
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }

        var path = Path.Combine(Root, $"variant-{fixture}");
        File.WriteAllText(path, text);
        return path;
    }

    public static ToolResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = MigrateCli.Run(args, stdout, stderr);
        return new ToolResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>terraform-vpc --state FIXTURE --stack STACK --out OUT</c> and the extra arguments.</summary>
    public ToolResult TerraformVpc(string fixture, string stack, params string[] extra) =>
        TerraformVpcFrom(Fixture(fixture), stack, extra);

    public ToolResult TerraformVpcFrom(string state, string stack, params string[] extra) =>
        Run(["terraform-vpc", "--state", state, "--stack", stack, "--out", Out, .. extra]);

    public string Written(string file) => File.ReadAllText(Path.Combine(Out, file));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public List<string> StdoutLines => Stdout.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
}
