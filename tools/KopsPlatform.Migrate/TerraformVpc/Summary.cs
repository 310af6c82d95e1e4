using KopsPlatform.Migrate.Output;
using KopsPlatform.Network;

namespace KopsPlatform.Migrate.TerraformVpc;

/// <summary>What the tool tells the team to review: the network it read, what it maps, what the program adds, and what the first up changes.</summary>
public static class Summary
{
    public static void Write(TextWriter output, VpcMigration migration, string origin, string stack, string stackFile, string importFile)
    {
        output.WriteLine($"terraform-vpc {origin} -> stack {stack}");
        output.WriteLine($"  network {migration.NetworkName} (from {migration.NameSource}): {migration.Cidr} in {migration.Region}, zones {string.Join(", ", migration.Zones)}");
        output.WriteLine($"  natGateways {StackFile.ConfigValue(migration.NatGateways)}, s3Endpoint {(migration.S3Endpoint ? "true" : "false")}, "
            + $"tags {(migration.Tags.Count == 0 ? "none" : string.Join(", ", migration.Tags.Select(tag => $"{tag.Key}={tag.Value}")))}");
        foreach (var note in migration.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine();
        output.WriteLine($"Mapped: {migration.Mapped.Count} resources, each imported by its id as the Vpc component's child:");
        foreach (var mapped in migration.Mapped)
        {
            var source = mapped.Resource.Part == VpcPart.S3EndpointAssociation ? $"{mapped.Instance.Address} route_table_ids" : mapped.Instance.Address;
            output.WriteLine($"  {source} -> {VpcMigration.Describe(mapped.Resource)} ({mapped.ImportId})");
        }

        output.WriteLine();
        output.WriteLine(migration.Added.Count == 0
            ? "Will add: nothing with this config. Switched off in it, as the module had none of them; each one turned on later adds:"
            : $"Will add: {string.Join(", ", migration.Added.Select(VpcMigration.Describe))}. Switched off in the config; each one turned on later adds:");
        foreach (var later in migration.LaterAdditions)
        {
            output.WriteLine($"  {later.Key}: {string.Join(", ", later.Adds.Select(VpcMigration.Describe))}");
        }

        output.WriteLine();
        output.WriteLine(migration.TagChanges.Count == 0
            ? "Tag changes on the first up: none."
            : "Tag changes on the first up (in place, nothing is replaced):");
        foreach (var change in migration.TagChanges)
        {
            output.WriteLine($"  {VpcMigration.Describe(change.Mapped.Resource)}: {string.Join("; ", change.Changes)}");
        }

        if (migration.TagsKept.Count > 0)
        {
            output.WriteLine($"  tags kept as they are (kops tags these too, so the program never changes their tags): {string.Join(", ", migration.TagsKept.Select(m => m.Resource.Name))}");
        }

        output.WriteLine();
        output.WriteLine(migration.OtherChanges.Count == 0 ? "Other changes on the first up: none." : "Other changes on the first up (in place):");
        foreach (var change in migration.OtherChanges)
        {
            output.WriteLine($"  {change}");
        }

        output.WriteLine();
        output.WriteLine($"Wrote {stackFile} and {importFile}.");
        output.WriteLine($"Next (README, \"Migrating from terraform-vpc and kops\"): review both, then `pulumi import --file {importFile} --protect=false --generate-code=false`.");
    }
}
