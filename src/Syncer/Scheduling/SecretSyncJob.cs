using Quartz;

namespace Syncer.Scheduling;

/// <summary>
/// The Quartz job of one Secret: a firing only queues the Secret in the refresh lane of the <see cref="SyncDispatcher"/>
/// (the sync never runs on Quartz's thread). <see cref="DisallowConcurrentExecutionAttribute"/> applies per JobDetail.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SecretSyncJob(SyncDispatcher dispatcher) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        dispatcher.Refresh(SecretJobScheduler.SecretKeyOf(context.JobDetail.Key));
        return ValueTask.CompletedTask;
    }
}
