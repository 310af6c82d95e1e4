using System.Globalization;

namespace KopsPlatform.Kops;

/// <summary>
/// What a person runs to reach a cluster as admin: kops mints a short-lived client certificate for whoever can read
/// the state store, so the credential never has to live in a stack output.
/// </summary>
public static class KubeconfigCommand
{
    /// <summary>How long a minted admin credential lives.</summary>
    public const string Lifetime = "1h";

    public static string For(string cluster, string stateStore) =>
        string.Create(CultureInfo.InvariantCulture, $"kops export kubeconfig --name {cluster} --state {stateStore} --admin={Lifetime}");
}
