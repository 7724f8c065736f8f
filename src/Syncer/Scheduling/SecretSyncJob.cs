using Quartz;

namespace Syncer.Scheduling;

/// <summary>
/// The Quartz job of one Secret: translates the firing (key, force flag, retry bound) and delegates to
/// <see cref="SyncJobRunner"/>. <see cref="DisallowConcurrentExecutionAttribute"/> applies per JobDetail, so one
/// Secret never syncs twice at once while different Secrets run in parallel.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SecretSyncJob(SyncJobRunner runner) : IJob
{
    public const string ForceFreshReadKey = "forceFreshRead";
    public const string RetryBoundKey = "retryBoundTicks";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var force = data.TryGetBoolean(ForceFreshReadKey, out var forced) && forced;
        var retryBound = data.TryGetLong(RetryBoundKey, out var ticks) ? TimeSpan.FromTicks(ticks) : TimeSpan.MaxValue;
        await runner.RunAsync(SecretJobScheduler.SecretKeyOf(context.JobDetail.Key), force, retryBound, cancellationToken);
    }
}
