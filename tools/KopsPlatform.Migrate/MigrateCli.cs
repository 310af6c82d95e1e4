using System.CommandLine;
using KopsPlatform.Migrate.TerraformVpc;

namespace KopsPlatform.Migrate;

/// <summary>
/// The command line: <c>terraform-vpc --state STATE.json --stack STACK --out DIR [--module module.vpc]
/// [--network-name NAME] [--force]</c>. Every failure is one line on stderr and exit code <see cref="Failed"/>,
/// with nothing written.
/// </summary>
public static class MigrateCli
{
    public const int Succeeded = 0;
    public const int Failed = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Brings a running ReactiveOps platform into a kops-platform stack without recreating anything.");
        root.Subcommands.Add(TerraformVpc(stdout));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {string.Join(" ", parsed.Errors.Select(error => error.Message))} (see --help)");
            return Failed;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (MigrationException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static Command TerraformVpc(TextWriter stdout)
    {
        var state = new Option<string>("--state") { Description = "The Terraform state, as `terraform state pull` prints it (format 4).", Required = true };
        var stack = new Option<string>("--stack") { Description = "The stack to write the config of: DIR/Pulumi.STACK.yaml.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder for Pulumi.STACK.yaml and import.json; new or empty, unless --force.", Required = true };
        var module = new Option<string?>("--module") { Description = "The module's path in the state, e.g. module.vpc; by default the state's only terraform-vpc module." };
        var networkName = new Option<string?>("--network-name") { Description = "The network's name; by default the VPC's Name tag made DNS-safe." };
        var force = new Option<bool>("--force") { Description = "Write into an output folder that already holds files." };

        var command = new Command("terraform-vpc", "Maps a terraform-vpc module's state onto the program's network: writes the stack's config and a `pulumi import --file` file.")
        {
            state, stack, output, module, networkName, force,
        };
        command.SetAction(parsed =>
        {
            TerraformVpcCommand.Run(
                new TerraformVpcRequest(
                    parsed.GetRequiredValue(state),
                    parsed.GetRequiredValue(stack),
                    parsed.GetRequiredValue(output),
                    parsed.GetValue(module),
                    parsed.GetValue(networkName),
                    parsed.GetValue(force)),
                stdout);
            return Succeeded;
        });
        return command;
    }
}
