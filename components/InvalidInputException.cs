namespace KopsPlatform;

/// <summary>
/// Input that can't produce a sound platform. The message names the offending field (an args property or a
/// config key, as the caller calls it) and how to fix it, so it can be shown to users as it is.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string problem, string fix)
        : base($"{field}: {problem}. {fix}")
    {
    }

    public InvalidInputException()
    {
    }

    public InvalidInputException(string message) : base(message)
    {
    }

    public InvalidInputException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
