using System.Globalization;
using KopsPlatform.Migrate.Input;
using KopsPlatform.Migrate.Output;
using KopsPlatform.Migrate.Terraform;
using KopsPlatform.Network;

namespace KopsPlatform.Migrate.TerraformVpc;

/// <summary>The <c>terraform-vpc</c> command's options.</summary>
/// <param name="Module">The module's path in the state (<c>module.vpc</c>); null: the state's only terraform-vpc module.</param>
/// <param name="NetworkName">The network's name; null: the VPC's Name tag made DNS-safe.</param>
/// <param name="Force">Write into an output folder that already holds files.</param>
public sealed record TerraformVpcRequest(string State, string Stack, string Out, string? Module, string? NetworkName, bool Force);

/// <summary>
/// <c>terraform-vpc</c>: reads a Terraform state, maps its terraform-vpc module onto the <see cref="Vpc"/> component,
/// writes the stack's config and the import file, and prints what the import and the first <c>up</c> will do.
/// Everything is checked before anything is written.
/// </summary>
public static class TerraformVpcCommand
{
    public static void Run(TerraformVpcRequest request, TextWriter stdout)
    {
        CommandInput.CheckStackName(request.Stack);

        if (request.NetworkName is { } given && !NetworkNames.IsValid(given))
        {
            throw new MigrationException(
                $"--network-name {given}: not a network name (a lower-case letter first, then letters, digits and '-', at most {NetworkNames.MaxLength}).");
        }

        CommandInput.CheckOutputFolder(request.Out, request.Force);
        var stateText = CommandInput.Read(request.State, "--state", $"terraform state pull > {Path.GetFileName(request.State)}");
        var state = TerraformState.Parse(stateText, request.State);
        var module = TerraformVpcModule.Find(state, request.Module, request.State);
        var migration = VpcMigration.Plan(module, request.NetworkName);

        var origin = $"{module.Path} of {Path.GetFileName(request.State)}"
            + (state.Serial is { } serial ? string.Create(CultureInfo.InvariantCulture, $" (serial {serial})") : "");
        var stackFile = Path.Combine(request.Out, StackFile.FileName(request.Stack));
        var importFile = Path.Combine(request.Out, ImportFile.FileName);
        CommandInput.Write(request.Out, [(stackFile, StackFile.Render(migration, origin)), (importFile, ImportFile.Render(migration))]);

        Summary.Write(stdout, migration, origin, request.Stack, stackFile, importFile);
    }
}
