using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Syncer.Hosting;

/// <summary>
/// Structured JSON console logs when the output is not a terminal (a container, a pipe), readable ones in a
/// terminal. Runs after configuration binding: an explicit <c>Logging:Console:FormatterName</c> always wins.
/// </summary>
internal sealed class ConsoleLogFormatSelection : IPostConfigureOptions<ConsoleLoggerOptions>
{
    public void PostConfigure(string? name, ConsoleLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FormatterName ??= Console.IsOutputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
    }
}
