namespace KopsPlatform.Tests.Testing;

/// <summary>A test that needs kops's CRD schemas: skipped, with the reason, unless KOPS_CRD_DIR names their folder.</summary>
public sealed class KopsCrdFactAttribute : FactAttribute
{
    public const string Variable = "KOPS_CRD_DIR";

    public KopsCrdFactAttribute()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(directory))
        {
            Skip = $"{Variable} is not set: point it at a folder of kops CRDs (kops.k8s.io_*.yaml) to validate rendered specs.";
        }
        else if (!Directory.Exists(directory))
        {
            Skip = $"{Variable}={directory} does not exist.";
        }
    }
}
