using System.Text;
using SessionDsl.Language.Model;

namespace SessionDsl.Cli;

/// <summary>
/// <c>sessiondsl page [paths...] --output DIR</c>: one self-contained interactive HTML page per definition
/// (<see cref="PageWriter"/>), named after its lifecycle. Exit 0, 1 when a definition has errors or a page cannot be
/// written, 2 for bad usage.
/// </summary>
internal static class PageCommand
{
    public static int Run(string[] args, CliContext context) =>
        FolderOutput.Run("page", "page", args, context, (file, folder) =>
        {
            LifecycleModel lifecycle = file.Result.Valid!;
            string page = Path.Combine(folder, lifecycle.Name + ".html");
            File.WriteAllText(page, PageWriter.Write(lifecycle, file.ShownPath), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            context.Out.WriteLine($"{lifecycle.Name} ({file.ShownPath}): {DefinitionSet.DisplayPath(page, context.WorkingDirectory)}");
        });
}
