namespace Son1kVers3.Integration.Tests.Support;

public static class Repository
{
    /// <summary>The folder holding Son1kVers3.sln.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Son1kVers3.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Son1kVers3.sln not found above " + AppContext.BaseDirectory);
    }
}
