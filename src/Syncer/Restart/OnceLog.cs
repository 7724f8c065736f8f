namespace Syncer.Restart;

/// <summary>
/// Which Event was last recorded per object and topic (paused, cap, failed, stalled, ...), so each is recorded once
/// per revision rather than on every pass. One value per object and topic, forgotten with the object. Only for not
/// repeating Events: nothing that decides a rollout lives here. Thread-safe.
/// </summary>
internal sealed class OnceLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, string>> _last = new(StringComparer.Ordinal);

    /// <summary>True the first time <paramref name="value"/> is seen for this object and topic (and remembers it).</summary>
    public bool First(string uid, string topic, string value)
    {
        lock (_gate)
        {
            if (!_last.TryGetValue(uid, out var topics))
            {
                _last[uid] = topics = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (topics.TryGetValue(topic, out var last) && last == value)
            {
                return false;
            }

            topics[topic] = value;
            return true;
        }
    }

    public void Forget(string uid)
    {
        lock (_gate)
        {
            _last.Remove(uid);
        }
    }
}
