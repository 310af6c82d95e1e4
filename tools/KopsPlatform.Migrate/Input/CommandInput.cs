using System.Text.RegularExpressions;

namespace KopsPlatform.Migrate.Input;

/// <summary>
/// What every command checks before it reads anything: the stack's name, the output folder, and the input files.
/// Each failure is a <see cref="MigrationException"/> naming the option.
/// </summary>
public static partial class CommandInput
{
    /// <summary>The short name, as in <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public static void CheckStackName(string stack)
    {
        if (!StackName().IsMatch(stack))
        {
            throw new MigrationException($"--stack {stack}: not a stack name (letters, digits, '-', '_' and '.'); give the short name, as in Pulumi.<stack>.yaml.");
        }
    }

    /// <summary>A new or empty folder, or any folder with <paramref name="force"/>.</summary>
    public static void CheckOutputFolder(string folder, bool force)
    {
        if (File.Exists(folder))
        {
            throw new MigrationException($"--out {folder}: a file, not a folder.");
        }

        if (!force && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new MigrationException($"--out {folder}: the folder is not empty; pick an empty or new one, or pass --force to write into it anyway.");
        }
    }

    /// <param name="option">The option that named the file, e.g. <c>--state</c>.</param>
    /// <param name="howToWrite">The command that writes the file, e.g. <c>terraform state pull &gt; state.json</c>.</param>
    public static string Read(string path, string option, string howToWrite)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MigrationException($"{option} {path}: no such file; write it with `{howToWrite}`.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException($"{option} {path}: can't read it ({e.Message}).");
        }
    }

    /// <summary>Writes the files into the folder (made if need be), once everything has been checked.</summary>
    public static void Write(string folder, IEnumerable<(string Path, string Text)> files)
    {
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (path, text) in files)
            {
                File.WriteAllText(path, text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException($"--out {folder}: can't write there ({e.Message}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex StackName();
}
