using System.Diagnostics;

namespace Syncer.Benchmarks.Reporting;

/// <summary>
/// The progress line: the phase, what it waits for and a live figure, redrawn every second on a terminal (one line
/// per phase when stderr is not a terminal, as under `make test`).
/// </summary>
internal sealed class Progress : IAsyncDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _live = !Console.IsErrorRedirected;
    private string _phase = "";

    public Progress() => _loop = _live ? Task.Run(LoopAsync) : Task.CompletedTask;

    /// <summary>What the line shows after the phase (e.g. "synced 4,210/10,000").</summary>
    public Func<string>? Figure { get; set; }

    public string Detail { get; set; } = "";

    public string Phase
    {
        get => _phase;
        set
        {
            _phase = value;
            Detail = "";
            if (!_live)
            {
                Console.Error.WriteLine($"[{Elapsed}] {value}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_live)
        {
            Console.Error.Write("\r\u001b[2K");
        }

        _stop.Dispose();
    }

    private string Elapsed => Stopwatch.GetElapsedTime(_started).ToString(@"mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var line = $"[{Elapsed}] {_phase}: {Detail} {Figure?.Invoke()}";
                var width = Console.WindowWidth > 20 ? Console.WindowWidth - 1 : 120;
                Console.Error.Write("\r\u001b[2K" + (line.Length > width ? line[..width] : line));
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
