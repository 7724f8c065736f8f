using Microsoft.Extensions.Logging;

namespace Syncer.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kubernetes API at {Host} (configuration from {Source})")]
    public static partial void KubernetesConfiguration(ILogger logger, string? host, string source);
}
