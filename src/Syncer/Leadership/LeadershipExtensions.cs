namespace Syncer.Leadership;

internal static class LeadershipExtensions
{
    /// <summary>
    /// Runs <paramref name="onTermStart"/> at the start of each leadership term of this replica (at once when it leads
    /// already), then waits for that term to end, until <paramref name="stoppingToken"/> stops it: the "look at
    /// everything afresh when leading begins" loop of the reconcilers.
    /// </summary>
    public static async Task AtEachTermStartAsync(this ILeadership leadership, Func<CancellationToken, Task> onTermStart, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(onTermStart);
        while (!stoppingToken.IsCancellationRequested)
        {
            await leadership.WaitForLeadershipAsync(stoppingToken);
            var term = leadership.Token;
            await onTermStart(stoppingToken);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (term.Register(() => ended.TrySetResult()))
            {
                await ended.Task.WaitAsync(stoppingToken);
            }
        }
    }
}
