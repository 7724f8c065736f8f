namespace Syncer.Discovery;

/// <summary>Which lane of a <see cref="WorkQueue{T}"/> an item waits in: every high item is taken before any normal one.</summary>
internal enum WorkPriority
{
    High,
    Normal,
}
