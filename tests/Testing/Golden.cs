namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Files a test compares its output with, byte for byte (tests/*/Golden). <c>UPDATE_GOLDEN=1</c> rewrites them and
/// then fails the test, so a run that rewrote a golden can never pass: review the diff, then run without it.
/// </summary>
public static class Golden
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    public static string PathOf(params string[] parts) => Path.Combine([StackConfig.RepositoryRoot, "tests", .. parts]);

    public static Task Check(string actual, params string[] parts) =>
        Check(actual, PathOf(parts), Environment.GetEnvironmentVariable(UpdateVariable) == "1");

    public static async Task Check(string actual, string path, bool update)
    {
        if (update)
        {
            await File.WriteAllTextAsync(path, actual);
            Assert.Fail($"{UpdateVariable}=1 rewrote {path}: review the diff, then run the tests without it.");
        }

        Assert.Equal(await File.ReadAllTextAsync(path), actual);
    }
}
