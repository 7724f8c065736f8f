using System.Globalization;
using k8s.Models;
using Syncer.Chaos.World;

namespace Syncer.Chaos.Checking;

/// <summary>
/// The rollout invariants of issue 12, from what a watch shows of the workloads and the Secrets (PRODUCT.md sections
/// 2 and 3): a rollout is a new value of the pod template's <c>syncer.io/restarted-at</c>, and the
/// <c>syncer.io/rolled-for</c> of the same version says what it was for.
/// <list type="bullet">
/// <item>At most one rollout per workload per debounce window: two rollouts' restarted-at are at least the window apart
/// (less one second: restarted-at is written in whole seconds). Checked as each rollout is seen.</item>
/// <item>No rollout without a data change of a Secret the workload consumes: each rollout moves rolled-for forward
/// for at least one Secret, and only for Secrets the workload consumes, to a revision the Secret showed that is a
/// change (2 or more; <see cref="SecretInvariants"/> checks that revisions count data changes), and rolled-for moves
/// only with a rollout. Checked at the end, when every Secret version has been seen.</item>
/// <item>Every consumer rolled after the last change it consumes: once things settle, no Secret has a rollout pending,
/// and each workload's rolled-for holds the latest revision of each Secret it consumes that changed since the first
/// fill, from a rollout whose restarted-at is not before that revision's synced-at.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class RolloutInvariants(SecretInvariants secrets, WorldPlan plan, TimeSpan debounce, Violations violations)
{
    public const string OncePerWindow = "at most one rollout per workload per debounce window";
    public const string OnlyForChanges = "no rollout without a data change of a Secret the workload consumes";
    public const string RolledAfterLastChange = "every consumer rolled after the last change it consumes";

    private static readonly TimeSpan Truncation = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private readonly List<Rollout> _rollouts = [];
    private readonly Dictionary<string, WorkloadSpec> _workloads = plan.Workloads.ToDictionary(w => w.Key, StringComparer.Ordinal);

    public long Rollouts
    {
        get { lock (_lock) { return _rollouts.Count; } }
    }

    public void OnVersion(string kind, V1ObjectMeta meta, V1PodTemplateSpec? template)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var key = $"{kind}/{meta.NamespaceProperty}/{meta.Name}";
        var restartedAt = template?.Metadata?.Annotations?.TryGetValue(Contract.RestartedAt, out var at) == true ? at : null;
        var rolledFor = ParseRolledFor(meta.Annotations?.TryGetValue(Contract.RolledFor, out var text) == true ? text : null);
        lock (_lock)
        {
            if (!_seen.TryGetValue(key, out var seen))
            {
                _seen[key] = seen = new Seen(null, null, new Dictionary<string, long>());
            }

            if (restartedAt is not null && restartedAt != seen.RestartedAt)
            {
                var time = SecretInvariants.Time(restartedAt) ?? DateTimeOffset.MinValue;
                if (seen.Time is { } previous)
                {
                    violations.Check(time - previous >= debounce - Truncation, OncePerWindow,
                        () => $"{key}@{meta.ResourceVersion} rolled at {restartedAt}, {(time - previous).TotalSeconds:0.###} s after its rollout at {seen.RestartedAt} (window {debounce.TotalSeconds} s)");
                }

                _rollouts.Add(new Rollout(key, meta.ResourceVersion, time, seen.RolledFor, rolledFor));
                _seen[key] = new Seen(restartedAt, time, rolledFor);
            }
            else
            {
                violations.Check(Same(seen.RolledFor, rolledFor), OnlyForChanges,
                    () => $"{key}@{meta.ResourceVersion}: rolled-for went from '{Format(seen.RolledFor)}' to '{Format(rolledFor)}' without a rollout");
                _seen[key] = seen with { RolledFor = rolledFor };
            }
        }
    }

    /// <summary>What is not settled yet: Secrets with a rollout pending, consumers whose rolled-for is behind a change.</summary>
    public IReadOnlyList<string> Unsettled()
    {
        var unsettled = new List<string>();
        foreach (var workload in plan.Workloads)
        {
            var rolledFor = RolledForOf(workload.Key);
            foreach (var secret in workload.Secrets)
            {
                if (secrets.RevisionsOf($"{workload.Namespace}/{secret}") is not { } revisions)
                {
                    continue; // never filled: the Secret invariants report it
                }

                if (revisions.Pending is { } pending)
                {
                    unsettled.Add($"{workload.Namespace}/{secret} has rollout-pending {pending}");
                }
                else if (revisions.Latest >= 2 && rolledFor.GetValueOrDefault(secret) != revisions.Latest)
                {
                    unsettled.Add($"{workload.Key} is rolled for {secret}={rolledFor.GetValueOrDefault(secret)}, not its latest change {revisions.Latest}");
                }
            }
        }

        return unsettled;
    }

    /// <summary>The checks made at the end, once every Secret version has been seen and things have settled.</summary>
    public void CheckAtEnd()
    {
        List<Rollout> rollouts;
        lock (_lock)
        {
            rollouts = [.. _rollouts];
        }

        foreach (var rollout in rollouts)
        {
            CheckForChanges(rollout);
        }

        foreach (var workload in plan.Workloads)
        {
            var ofWorkload = rollouts.Where(r => r.Workload == workload.Key).ToList();
            var rolledFor = RolledForOf(workload.Key);
            foreach (var secret in workload.Secrets)
            {
                var revisions = secrets.RevisionsOf($"{workload.Namespace}/{secret}");
                if (revisions is null || revisions.Latest < 2)
                {
                    continue; // no change since the first fill: nothing to roll for
                }

                var written = revisions.WrittenAt.GetValueOrDefault(revisions.Latest);
                var rolled = ofWorkload.LastOrDefault(r => r.After.GetValueOrDefault(secret) == revisions.Latest);
                violations.Check(
                    revisions.Pending is null && rolledFor.GetValueOrDefault(secret) == revisions.Latest && rolled is not null
                        && written is { } w && rolled.At >= w, // both in whole seconds, from the same clock
                    RolledAfterLastChange,
                    () => $"{workload.Key} consumes {secret}, last changed to revision {revisions.Latest} at {written:O} (pending: {revisions.Pending?.ToString(CultureInfo.InvariantCulture) ?? "none"}); "
                        + $"rolled-for is '{Format(rolledFor)}', {(rolled is null ? "no rollout recorded it" : $"recorded by the rollout at {rolled.At:O}")}");
            }
        }
    }

    private void CheckForChanges(Rollout rollout)
    {
        var spec = _workloads.GetValueOrDefault(rollout.Workload);
        var moved = rollout.After.Where(e => rollout.Before.GetValueOrDefault(e.Key) != e.Value).ToList();
        violations.Check(moved.Count > 0, OnlyForChanges,
            () => $"{rollout.Workload}@{rollout.ResourceVersion} rolled with rolled-for unchanged ('{Format(rollout.After)}')");
        foreach (var (secret, revision) in moved)
        {
            var revisions = spec is null ? null : secrets.RevisionsOf($"{spec.Namespace}/{secret}");
            violations.Check(
                spec is not null && spec.Secrets.Contains(secret, StringComparer.Ordinal) && revision > rollout.Before.GetValueOrDefault(secret)
                    && revision >= 2 && revisions?.WrittenAt.ContainsKey(revision) == true,
                OnlyForChanges,
                () => $"{rollout.Workload}@{rollout.ResourceVersion} rolled for {secret}={revision} (before: {rollout.Before.GetValueOrDefault(secret)}): "
                    + (spec?.Secrets.Contains(secret, StringComparer.Ordinal) != true ? "a Secret it does not consume"
                        : $"revisions the Secret showed: {string.Join(",", (revisions?.WrittenAt.Keys ?? []).Order())}"));
        }
    }

    private IReadOnlyDictionary<string, long> RolledForOf(string workload)
    {
        lock (_lock)
        {
            return _seen.TryGetValue(workload, out var seen) ? seen.RolledFor : new Dictionary<string, long>();
        }
    }

    /// <summary><c>secret=revision,...</c>; entries that do not parse are left out (Syncer's own reading of it).</summary>
    private static Dictionary<string, long> ParseRolledFor(string? text)
    {
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.LastIndexOf('=');
            if (equals > 0 && long.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                entries[entry[..equals]] = revision;
            }
        }

        return entries;
    }

    private static bool Same(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && other == e.Value);

    private static string Format(IReadOnlyDictionary<string, long> rolledFor) =>
        string.Join(",", rolledFor.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));

    /// <summary>A workload as last seen: its restarted-at (text and time) and rolled-for.</summary>
    private sealed record Seen(string? RestartedAt, DateTimeOffset? Time, IReadOnlyDictionary<string, long> RolledFor);

    /// <summary>One rollout: when (restarted-at), and rolled-for before and after it.</summary>
    private sealed record Rollout(string Workload, string ResourceVersion, DateTimeOffset At, IReadOnlyDictionary<string, long> Before, IReadOnlyDictionary<string, long> After);
}
