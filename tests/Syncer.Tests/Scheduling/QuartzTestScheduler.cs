using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Syncer.Tests.Scheduling;

/// <summary>A real Quartz scheduler with the in-memory store, never started, on a fake clock: tests read what was stored.</summary>
internal sealed class QuartzTestScheduler(ServiceProvider services, ISchedulerFactory factory, IScheduler scheduler, FakeTimeProvider time)
    : IAsyncDisposable
{
    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = time;

    public ISchedulerFactory Factory { get; } = factory;

    public IScheduler Scheduler { get; } = scheduler;

    public static async Task<QuartzTestScheduler> CreateAsync(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(Start);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddQuartz(q => q.UseInMemoryStore())
            .BuildServiceProvider();
        var factory = services.GetRequiredService<ISchedulerFactory>();
        return new QuartzTestScheduler(services, factory, await factory.GetScheduler(cancellationToken), time);
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(false);
        await services.DisposeAsync();
    }
}
