namespace KopsPlatform.Tests.Testing;

public class GoldenTests
{
    [Fact]
    public async Task Updating_a_golden_rewrites_it_and_fails_the_run()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "old\n");

            var failure = await Assert.ThrowsAnyAsync<Exception>(() => Golden.Check("new\n", path, update: true));

            Assert.Equal("new\n", await File.ReadAllTextAsync(path));
            Assert.Contains("UPDATE_GOLDEN=1 rewrote", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_golden_that_differs_fails_and_one_that_matches_passes()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "kept\n");

            await Golden.Check("kept\n", path, update: false);
            await Assert.ThrowsAnyAsync<Exception>(() => Golden.Check("changed\n", path, update: false));
            Assert.Equal("kept\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
