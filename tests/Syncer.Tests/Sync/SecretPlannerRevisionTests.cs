using System.Text;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Sync;

/// <summary><c>syncer.io/data-revision</c> and <c>syncer.io/rollout-pending</c> as the planner writes them (PRODUCT.md section 2).</summary>
public sealed class SecretPlannerRevisionTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset s_now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly SecretPlanner s_planner = new();
    private static readonly DataHasher s_hasher = new(s_key, "shop", "db");

    private static Dictionary<string, byte[]> Data(string pw) => new(StringComparer.Ordinal) { ["pw"] = Encoding.UTF8.GetBytes(pw) };

    /// <summary>The annotations of a Secret Syncer filled with <paramref name="pw"/>, at <paramref name="revision"/> (null: none written).</summary>
    private static Dictionary<string, string> Managed(string pw, string? revision, string? pending = null)
    {
        var annotations = new Dictionary<string, string>
        {
            [SyncAnnotations.ManagedKeys] = "pw",
            [SyncAnnotations.DataHash] = s_hasher.Hash(Data(pw)),
            [SyncAnnotations.SourceVersion] = "secret/shop/db@1",
            [SyncAnnotations.SyncedAt] = "2026-03-04T04:00:00Z",
        };
        if (revision is not null)
        {
            annotations[SyncAnnotations.DataRevision] = revision;
        }

        if (pending is not null)
        {
            annotations[SyncAnnotations.RolloutPending] = pending;
        }

        return annotations;
    }

    private static SecretPlan Plan(string actualPw, Dictionary<string, string>? annotations, string desiredPw, bool markRollout = true, string version = "secret/shop/db@1") =>
        s_planner.PlanSuccess(Data(actualPw), annotations, Data(desiredPw), version, s_hasher, s_now, markRollout: markRollout);

    [Fact]
    public void PlanSuccess_OnTheFirstFill_WritesRevisionOneAndNoPendingRollout()
    {
        var plan = s_planner.PlanSuccess(null, null, Data("p1"), "secret/shop/db@1", s_hasher, s_now, markRollout: true);

        Assert.Equal("1", plan.Annotations[SyncAnnotations.DataRevision]);
        Assert.False(plan.Annotations.ContainsKey(SyncAnnotations.RolloutPending));
    }

    [Fact]
    public void PlanSuccess_OnAnAdoptionThatTakesOverAValue_WritesRevisionOneAndNoPendingRollout()
    {
        var plan = Plan("typed-by-hand", [], "from-vault");

        Assert.True(plan.DataChanged);
        Assert.Equal("1", plan.Annotations[SyncAnnotations.DataRevision]);
        Assert.False(plan.Annotations.ContainsKey(SyncAnnotations.RolloutPending));
    }

    [Fact]
    public void PlanSuccess_OnAnAdoptionWithEqualData_StillWritesRevisionOne()
    {
        var plan = Plan("same", [], "same");

        Assert.False(plan.DataChanged);
        Assert.Equal("1", plan.Annotations[SyncAnnotations.DataRevision]);
    }

    [Fact]
    public void PlanSuccess_OnADataChange_AddsOneAndMarksThatRevisionPending()
    {
        var plan = Plan("p1", Managed("p1", "4"), "p2");

        Assert.Equal("5", plan.Annotations[SyncAnnotations.DataRevision]);
        Assert.Equal("5", plan.Annotations[SyncAnnotations.RolloutPending]);
    }

    [Fact]
    public void PlanSuccess_WhenNothingNeedsARollout_MovesTheRevisionButMarksNothingAndDropsAnOlderMark()
    {
        var plan = Plan("p1", Managed("p1", "4", pending: "4"), "p2", markRollout: false);

        Assert.Equal("5", plan.Annotations[SyncAnnotations.DataRevision]);
        Assert.True(plan.Annotations.TryGetValue(SyncAnnotations.RolloutPending, out var pending));
        Assert.Null(pending);
    }

    [Fact]
    public void PlanSuccess_OnASecretSyncedBeforeRevisionsExisted_CountsItAsRevisionOne()
    {
        var plan = Plan("p1", Managed("p1", revision: null), "p2");

        Assert.Equal("2", plan.Annotations[SyncAnnotations.DataRevision]);
        Assert.Equal("2", plan.Annotations[SyncAnnotations.RolloutPending]);
    }

    [Fact]
    public void PlanSuccess_WhenOnlyTheHashKeyChanged_RewritesTheHashButNotTheRevisionNorThePendingMark()
    {
        var annotations = Managed("p1", "4", pending: "4");
        annotations[SyncAnnotations.DataHash] = "hmac-sha256:" + new string('0', 64); // written under another key

        var plan = Plan("p1", annotations, "p1");

        Assert.False(plan.DataChanged);
        Assert.Equal([SyncAnnotations.DataHash], plan.Annotations.Keys);
    }

    [Fact]
    public void PlanSuccess_OnANoOpWaveOrANewSourceVersion_LeavesRevisionAndPendingMarkAlone()
    {
        Assert.True(Plan("p1", Managed("p1", "4", pending: "4"), "p1").IsEmpty);

        var moved = Plan("p1", Managed("p1", "4", pending: "4"), "p1", version: "secret/shop/db@2");

        Assert.Equal([SyncAnnotations.SourceVersion], moved.Annotations.Keys);
    }

    [Fact]
    public void PlanSuccess_FromMetadataOnly_WithANewHash_IsADataChangeWithTheNextRevision()
    {
        var plan = s_planner.PlanSuccess(null, Managed("p1", "2"), Data("p2"), "secret/shop/db@2", s_hasher, s_now, dataKnown: false, markRollout: true);

        Assert.True(plan.DataChanged);
        Assert.Equal("3", plan.Annotations[SyncAnnotations.RolloutPending]);
    }
}
