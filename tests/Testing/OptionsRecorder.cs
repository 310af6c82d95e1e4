using Pulumi;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Records the options every resource under a component is created with, through an in-process resource
/// transformation (inherited by children): the mock engine doesn't see options such as protect.
/// </summary>
public sealed class OptionsRecorder
{
    private readonly Dictionary<string, ResourceOptions> _options = [];

    public ResourceTransformation Transformation => args =>
    {
        _options[$"{args.Resource.GetResourceType()}::{args.Resource.GetResourceName()}"] = args.Options;
        return null;
    };

    public ResourceOptions this[string type, string name] => _options[$"{type}::{name}"];

    public CustomResourceOptions Custom(string type, string name) => (CustomResourceOptions)this[type, name];
}
