using Microsoft.Extensions.Logging.Console;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

public sealed class ConsoleLogFormatSelectionTests
{
    [Fact]
    public void PostConfigure_WithAConfiguredFormatter_KeepsIt()
    {
        var options = new ConsoleLoggerOptions { FormatterName = ConsoleFormatterNames.Systemd };

        new ConsoleLogFormatSelection().PostConfigure(null, options);

        Assert.Equal(ConsoleFormatterNames.Systemd, options.FormatterName);
    }

    [Fact]
    public void PostConfigure_WithoutOne_PicksJsonOrSimple()
    {
        var options = new ConsoleLoggerOptions();

        new ConsoleLogFormatSelection().PostConfigure(null, options);

        Assert.Contains(options.FormatterName, new[] { ConsoleFormatterNames.Json, ConsoleFormatterNames.Simple });
    }

    [Fact]
    public void PostConfigure_OfJsonLogs_UsesUtcTimestampsUnlessConfigured()
    {
        var defaulted = new JsonConsoleFormatterOptions();
        var configured = new JsonConsoleFormatterOptions { TimestampFormat = "O" };

        new ConsoleLogFormatSelection().PostConfigure(null, defaulted);
        new ConsoleLogFormatSelection().PostConfigure(null, configured);

        Assert.Equal("yyyy-MM-ddTHH:mm:ss.fffZ", defaulted.TimestampFormat);
        Assert.True(defaulted.UseUtcTimestamp);
        Assert.Equal("O", configured.TimestampFormat);
    }
}
