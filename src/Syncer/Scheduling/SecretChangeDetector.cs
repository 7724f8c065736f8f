using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// Compares what the scheduler last acted on with the Secret now. Only the user's input annotations and the uid
/// count: resourceVersion, data and Syncer's own status annotations change on every sync and must not trigger one.
/// </summary>
internal static class SecretChangeDetector
{
    public static SecretChange Detect(WatchedSecret? previous, WatchedSecret current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return SecretChange.New;
        }

        if (previous.Uid != current.Uid)
        {
            return SecretChange.Recreated;
        }

        var change = SecretChange.None;
        foreach (var key in WatchedAnnotations.Inputs)
        {
            if (previous.Annotation(key) == current.Annotation(key))
            {
                continue;
            }

            change |= key switch
            {
                WatchedAnnotations.ForceSync => current.Annotation(key) is null ? SecretChange.None : SecretChange.ForceSync, // removal is no new value
                WatchedAnnotations.Refresh or WatchedAnnotations.Schedule => SecretChange.Schedule | SecretChange.Inputs,
                _ => SecretChange.Inputs,
            };
        }

        return change;
    }
}
