using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Syncer.Hosting;

/// <summary>
/// Structured JSON console logs when the output is not a terminal (a container, a pipe), readable ones in a
/// terminal: JSON with UTC timestamps, readable logs one line each. Runs after configuration binding, so a
/// <c>Logging:Console:FormatterName</c> or <c>Logging:Console:FormatterOptions:TimestampFormat</c> set there wins.
/// </summary>
internal sealed class ConsoleLogFormatSelection :
    IPostConfigureOptions<ConsoleLoggerOptions>,
    IPostConfigureOptions<JsonConsoleFormatterOptions>,
    IPostConfigureOptions<SimpleConsoleFormatterOptions>
{
    public void PostConfigure(string? name, ConsoleLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FormatterName ??= Console.IsOutputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
    }

    public void PostConfigure(string? name, JsonConsoleFormatterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        options.UseUtcTimestamp = true;
    }

    public void PostConfigure(string? name, SimpleConsoleFormatterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimestampFormat ??= "HH:mm:ss ";
        options.SingleLine = true;
    }
}
