using Pulumi;

namespace KopsPlatform;

/// <summary>Turns <see cref="InvalidInputException"/> into the error Pulumi shows as its message alone.</summary>
public static class InputErrors
{
    /// <summary>
    /// Evaluates <paramref name="check"/>; bad input becomes a <see cref="RunException"/>, which the engine reports
    /// without a stack trace, so the user reads the key and the fix and nothing else.
    /// </summary>
    public static T Surface<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (InvalidInputException e)
        {
            throw new RunException(e.Message, e);
        }
    }

    public static void Surface(Action check) => Surface(() =>
    {
        check();
        return true;
    });
}
