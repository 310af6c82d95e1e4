using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KopsPlatform.Migrate.TerraformVpc;
using KopsPlatform.Network;

namespace KopsPlatform.Migrate.Output;

/// <summary>
/// The file <c>pulumi import --file</c> reads: an empty <c>nameTable</c> and one entry per resource, the
/// <see cref="Vpc"/> component first (a component entry, so the import creates it as the parent of the rest),
/// then every adopted resource with its type, logical name, import id and parent.
/// </summary>
public static class ImportFile
{
    public const string FileName = "import.json";

    public static string Render(VpcMigration migration)
    {
        var component = migration.Layout.Single(resource => resource.Part == VpcPart.Component);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("nameTable");
            json.WriteEndObject();
            json.WriteStartArray("resources");
            json.WriteStartObject();
            json.WriteString("type", component.Type);
            json.WriteString("name", component.Name);
            json.WriteBoolean("component", true);
            json.WriteEndObject();
            foreach (var mapped in migration.Mapped)
            {
                json.WriteStartObject();
                json.WriteString("type", mapped.Resource.Type);
                json.WriteString("name", mapped.Resource.Name);
                json.WriteString("id", mapped.ImportId);
                json.WriteString("parent", mapped.Resource.Parent);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
