using System.IO;
using System.Reflection;
using Scriban;
using Scriban.Runtime;

namespace SessionDsl.Emission;

/// <summary>Loads the embedded Scriban templates once and renders flat view models with them.</summary>
internal static class TemplateRenderer
{
    private static readonly Dictionary<string, Template> Cache = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    public static string Render(string templateName, object model)
    {
        Template template = Get(templateName);
        var globals = new ScriptObject();
        globals.Import(model);
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = 0,
            RecursiveLimit = 64,
            LimitToString = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        string text = template.Render(context);
        return text.Replace("\r\n", "\n");
    }

    private static Template Get(string name)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(name, out Template? cached))
            {
                return cached;
            }

            string resource = $"SessionDsl.Emission.Templates.{name}.sbn";
            using Stream stream = typeof(TemplateRenderer).GetTypeInfo().Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Template resource '{resource}' is missing from the assembly.");
            using var reader = new StreamReader(stream);
            Template template = Template.Parse(reader.ReadToEnd(), name + ".sbn");
            if (template.HasErrors)
            {
                throw new InvalidOperationException($"Template {name}.sbn does not parse: {string.Join("; ", template.Messages)}");
            }

            Cache[name] = template;
            return template;
        }
    }
}
