namespace Syncer.Tests;

/// <summary>Polls a condition until it holds or a deadline passes (never a fixed sleep waiting for something).</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, CancellationToken cancellationToken, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(20, cancellationToken);
        }
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(20, cancellationToken);
        }
    }
}
