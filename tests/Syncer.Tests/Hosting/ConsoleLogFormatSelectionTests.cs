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
}
