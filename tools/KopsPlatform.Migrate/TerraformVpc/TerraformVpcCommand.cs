using System.Globalization;
using System.Text.RegularExpressions;
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
public static partial class TerraformVpcCommand
{
    public static void Run(TerraformVpcRequest request, TextWriter stdout)
    {
        if (!StackName().IsMatch(request.Stack))
        {
            throw new MigrationException($"--stack {request.Stack}: not a stack name (letters, digits, '-', '_' and '.'); give the short name, as in Pulumi.<stack>.yaml.");
        }

        if (request.NetworkName is { } given && !NetworkNames.IsValid(given))
        {
            throw new MigrationException(
                $"--network-name {given}: not a network name (a lower-case letter first, then letters, digits and '-', at most {NetworkNames.MaxLength}).");
        }

        CheckOutputFolder(request.Out, request.Force);
        var state = TerraformState.Parse(Read(request.State), request.State);
        var module = TerraformVpcModule.Find(state, request.Module, request.State);
        var migration = VpcMigration.Plan(module, request.NetworkName);

        var origin = $"{module.Path} of {Path.GetFileName(request.State)}"
            + (state.Serial is { } serial ? string.Create(CultureInfo.InvariantCulture, $" (serial {serial})") : "");
        var stackFile = Path.Combine(request.Out, StackFile.FileName(request.Stack));
        var importFile = Path.Combine(request.Out, ImportFile.FileName);
        var files = new[] { (stackFile, StackFile.Render(migration, origin)), (importFile, ImportFile.Render(migration)) };
        try
        {
            Directory.CreateDirectory(request.Out);
            foreach (var (path, text) in files)
            {
                File.WriteAllText(path, text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException($"--out {request.Out}: can't write there ({e.Message}).");
        }

        Summary.Write(stdout, migration, origin, request.Stack, stackFile, importFile);
    }

    private static void CheckOutputFolder(string folder, bool force)
    {
        if (File.Exists(folder))
        {
            throw new MigrationException($"--out {folder}: a file, not a folder.");
        }

        if (!force && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new MigrationException($"--out {folder}: the folder is not empty; pick an empty or new one, or pass --force to write into it anyway.");
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MigrationException($"--state {path}: no such file; write it with `terraform state pull > {Path.GetFileName(path)}`.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException($"--state {path}: can't read it ({e.Message}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex StackName();
}
