namespace SessionDsl.Analyzers.Tests;

/// <summary>Wraps the statements of a test in a class that has a clock, options and the usings a consumer would write.</summary>
internal static class Snippet
{
    public static string Method(string body, string parameters = "") => Members($$"""
            public void Handle({{parameters}})
            {
        {{Indent(body, 8)}}
            }
        """);

    public static string Members(string members) => $$"""
        using System;
        using Demo;
        using SessionDsl;

        public class Desk
        {
            private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
            private static readonly Ticket.Options Options = new Ticket.Options { Priority = Priority.High };

        {{members}}
        }
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
