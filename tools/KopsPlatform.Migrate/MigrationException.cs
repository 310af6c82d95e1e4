namespace KopsPlatform.Migrate;

/// <summary>
/// Input the tool can't use, or a resource it can't adopt as it is. The message is one line that names the file,
/// option or resource and what to do; the tool prints it and exits with <see cref="MigrateCli.Failed"/>.
/// </summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message) : base(OneLine(message))
    {
    }

    public MigrationException(string message, Exception innerException) : base(OneLine(message), innerException)
    {
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
