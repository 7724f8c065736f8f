using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Sync;

public sealed class SecretPlannerTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DataHasher s_hasher = new(s_key, "shop", "db");
    private static readonly DateTimeOffset s_now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private const string Version = "secret/shop/db@7";

    private static Dictionary<string, byte[]> Data(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);

    private static SecretPlan FirstFill(Dictionary<string, byte[]> actual, Dictionary<string, byte[]> desired) =>
        new SecretPlanner().PlanSuccess(actual, null, desired, Version, s_hasher, s_now);

    /// <summary>What the Secret looks like after applying <paramref name="plan"/> (a merge patch, applied by hand).</summary>
    private static (Dictionary<string, byte[]> Data, Dictionary<string, string> Annotations) Apply(
        Dictionary<string, byte[]> data, Dictionary<string, string> annotations, SecretPlan plan)
    {
        var newData = new Dictionary<string, byte[]>(data, StringComparer.Ordinal);
        foreach (var (k, v) in plan.SetData)
        {
            newData[k] = v;
        }

        foreach (var k in plan.RemoveData)
        {
            newData.Remove(k);
        }

        var newAnnotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        foreach (var (k, v) in plan.Annotations)
        {
            if (v is null)
            {
                newAnnotations.Remove(k);
            }
            else
            {
                newAnnotations[k] = v;
            }
        }

        return (newData, newAnnotations);
    }

    [Fact]
    public void PlanSuccess_OnFirstFill_SetsEveryKeyAndAllStatusAnnotations()
    {
        var plan = FirstFill(Data(("mine", "x")), Data(("user", "app"), ("pw", "s3cret")));

        Assert.Equal(["pw", "user"], plan.SetData.Keys);
        Assert.Empty(plan.RemoveData);
        Assert.Equal("pw,user", plan.Annotations[SyncAnnotations.ManagedKeys]);
        Assert.Equal(Version, plan.Annotations[SyncAnnotations.SourceVersion]);
        Assert.Equal("2026-03-04T05:06:07Z", plan.Annotations[SyncAnnotations.SyncedAt]);
        Assert.StartsWith(DataHasher.Prefix, plan.Annotations[SyncAnnotations.DataHash], StringComparison.Ordinal);
        Assert.True(plan.DataChanged);
    }

    [Fact]
    public void PlanSuccess_WhenEverythingAlreadyMatches_PlansNothing()
    {
        var desired = Data(("user", "app"), ("pw", "s3cret"));
        var (data, annotations) = Apply(Data(("mine", "x")), [], FirstFill(Data(("mine", "x")), desired));

        var plan = new SecretPlanner().PlanSuccess(data, annotations, desired, Version, s_hasher, s_now.AddHours(1));

        Assert.True(plan.IsEmpty);
        Assert.False(plan.DataChanged);
    }

    [Fact]
    public void PlanSuccess_WhenAManagedKeyWasEditedByHand_SetsOnlyThatKeyAndKeepsTheHash()
    {
        var desired = Data(("user", "app"), ("pw", "s3cret"));
        var (data, annotations) = Apply([], [], FirstFill([], desired));
        data["pw"] = "hand-edited"u8.ToArray();

        var plan = new SecretPlanner().PlanSuccess(data, annotations, desired, Version, s_hasher, s_now.AddHours(1));

        Assert.Equal(["pw"], plan.SetData.Keys);
        Assert.Equal("s3cret"u8.ToArray(), plan.SetData["pw"]);
        Assert.False(plan.Annotations.ContainsKey(SyncAnnotations.DataHash));
        Assert.Equal("2026-03-04T06:06:07Z", plan.Annotations[SyncAnnotations.SyncedAt]);
    }

    [Fact]
    public void PlanSuccess_NeverTouchesKeysSyncerDoesNotOwn()
    {
        var desired = Data(("pw", "new"));
        var actual = Data(("pw", "old"), ("owned-by-someone", "keep"), ("ca.crt", "keep too"));
        var annotations = new Dictionary<string, string> { [SyncAnnotations.ManagedKeys] = "pw" };

        var plan = new SecretPlanner().PlanSuccess(actual, annotations, desired, Version, s_hasher, s_now);

        Assert.Equal(["pw"], plan.SetData.Keys);
        Assert.Empty(plan.RemoveData);
        var patch = JsonNode.Parse(plan.ToMergePatch("41"))!;
        Assert.Equal(["pw"], patch["data"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void PlanSuccess_WhenVaultAnsweredWithoutAManagedKey_RemovesItAndOnlyIt()
    {
        var actual = Data(("pw", "s3cret"), ("old", "gone from vault"), ("mine", "x"));
        var annotations = new Dictionary<string, string>
        {
            [SyncAnnotations.ManagedKeys] = "old,pw",
            [SyncAnnotations.DataHash] = s_hasher.Hash(Data(("pw", "s3cret"), ("old", "gone from vault"))), // Syncer wrote them
        };

        var plan = new SecretPlanner().PlanSuccess(actual, annotations, Data(("pw", "s3cret")), Version, s_hasher, s_now);

        Assert.Empty(plan.SetData);
        Assert.Equal(["old"], plan.RemoveData);
        Assert.Equal("pw", plan.Annotations[SyncAnnotations.ManagedKeys]);
        var patch = JsonNode.Parse(plan.ToMergePatch("41"))!;
        Assert.True(patch["data"]!.AsObject().ContainsKey("old"));
        Assert.Null(patch["data"]!["old"]);
        Assert.False(patch["data"]!.AsObject().ContainsKey("mine"));
    }

    [Fact]
    public void DataHash_IsAKeyedHmacNotAPlainHashOfTheData()
    {
        var data = Data(("pw", "s3cret"));
        var otherKey = s_key.Select(b => (byte)(b ^ 0xff)).ToArray();

        var hash = s_hasher.Hash(data);

        Assert.Equal(hash, s_hasher.Hash(Data(("pw", "s3cret"))));
        Assert.NotEqual(hash, new DataHasher(otherKey, "shop", "db").Hash(data));
        Assert.NotEqual(hash, s_hasher.Hash(Data(("pw", "s3cret2"))));
        var plainShas = new[] { "s3cret", "pw=s3cret", "pws3cret" }.Select(s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s))));
        Assert.DoesNotContain(hash[DataHasher.Prefix.Length..], plainShas);
        Assert.Equal(64, hash.Length - DataHasher.Prefix.Length);
    }

    [Fact]
    public void DataHash_DistinguishesHowBytesAreSplitBetweenKeysAndValues()
    {
        Assert.NotEqual(s_hasher.Hash(Data(("ab", "c"))), s_hasher.Hash(Data(("a", "bc"))));
    }

    [Fact]
    public void PlanSuccess_NeverPutsAValueIntoAnAnnotation()
    {
        const string value = "hunter2-very-secret";
        var plan = FirstFill([], Data(("pw", value)));

        foreach (var annotation in plan.Annotations.Values.OfType<string>())
        {
            Assert.DoesNotContain(value, annotation, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), annotation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PlanSuccess_WhenOnlyTheSourceVersionMoved_UpdatesStatusWithoutDataOrSyncedAt()
    {
        var desired = Data(("pw", "s3cret"));
        var (data, annotations) = Apply([], [], FirstFill([], desired));

        var plan = new SecretPlanner().PlanSuccess(data, annotations, desired, "secret/shop/db@8", s_hasher, s_now.AddHours(1));

        Assert.False(plan.DataChanged);
        Assert.Equal(new Dictionary<string, string?> { [SyncAnnotations.SourceVersion] = "secret/shop/db@8" }, plan.Annotations);
    }

    [Fact]
    public void PlanSuccess_AfterAFailure_RemovesTheErrorAnnotation()
    {
        var desired = Data(("pw", "s3cret"));
        var (data, annotations) = Apply([], [], FirstFill([], desired));
        annotations[SyncAnnotations.Error] = "Vault is sealed";

        var plan = new SecretPlanner().PlanSuccess(data, annotations, desired, Version, s_hasher, s_now);

        Assert.Equal(new Dictionary<string, string?> { [SyncAnnotations.Error] = null }, plan.Annotations);
        Assert.Contains("\"syncer.io/error\":null", plan.ToMergePatch("9"), StringComparison.Ordinal);
    }

    [Fact]
    public void PlanFailure_SetsTheErrorOnlyWhenItsTextChanges()
    {
        var planner = new SecretPlanner();

        var first = planner.PlanFailure(new Dictionary<string, string>(), "Vault is sealed");
        var same = planner.PlanFailure(new Dictionary<string, string> { [SyncAnnotations.Error] = "Vault is sealed" }, "Vault is sealed");
        var other = planner.PlanFailure(new Dictionary<string, string> { [SyncAnnotations.Error] = "Vault is sealed" }, "forbidden");

        Assert.Equal("Vault is sealed", first.Annotations[SyncAnnotations.Error]);
        Assert.False(first.DataChanged);
        Assert.True(same.IsEmpty);
        Assert.Equal("forbidden", other.Annotations[SyncAnnotations.Error]);
    }

    [Fact]
    public void ToMergePatch_CarriesTheResourceVersionAndBase64Values()
    {
        var plan = FirstFill([], Data(("pw", "s3cret")));

        var patch = JsonNode.Parse(plan.ToMergePatch("12345"))!;

        Assert.Equal("12345", (string?)patch["metadata"]!["resourceVersion"]);
        Assert.Equal(Convert.ToBase64String("s3cret"u8), (string?)patch["data"]!["pw"]);
    }

    [Fact]
    public void ToMergePatch_NamesEachDataKeyOnce_ARemovalWinningOverASetOfTheSameKey()
    {
        var plan = new SecretPlan(Data(("pw", "s3cret"), ("old", "x")), ["gone", "gone", "old"], new Dictionary<string, string?>());

        var patch = plan.ToMergePatch("7");

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(patch, "\"gone\":null"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(patch, "\"old\""));
        Assert.Contains("\"old\":null", patch, StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String("s3cret"u8), (string?)JsonNode.Parse(patch)!["data"]!["pw"]);
    }

    [Fact]
    public void Patches_WrittenOneAfterAnother_EachHoldOnlyTheirOwnChanges()
    {
        var large = FirstFill([], Data(("big", new string('x', 100_000)))); // past the kept buffer's size
        var small = FirstFill([], Data(("pw", "s3cret")));

        var first = JsonNode.Parse(small.ToMergePatch("1"))!;
        _ = JsonNode.Parse(large.ToMergePatch("2"))!;
        var again = JsonNode.Parse(small.ToGuardedFillPatch("3", new Dictionary<string, string>()))!;
        var third = JsonNode.Parse(small.ToMergePatch("4"))!;

        Assert.Equal(["pw"], first["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["pw"], third["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal("4", (string?)third["metadata"]!["resourceVersion"]);
        Assert.Equal(["test", "test", "add"], again.AsArray().Take(3).Select(op => (string?)op!["op"]));
    }

    [Fact]
    public void Patches_AfterEachWrite_LeaveNothingOfTheValuesInTheBufferTheThreadKeeps()
    {
        var plan = FirstFill([], Data(("pw", "s3cret-value")));
        _ = plan.ToMergePatch("1");
        _ = plan.ToGuardedFillPatch("2", new Dictionary<string, string>());

        // The kept buffer is private by design; read through reflection so no test hook widens SecretPlan's surface.
        var kept = (System.Buffers.ArrayBufferWriter<byte>?)typeof(SecretPlan)
            .GetField("t_buffer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null);
        Assert.NotNull(kept); // kept for the next patch on this thread
        Assert.Equal(0, kept.WrittenCount);
        var whole = kept.GetSpan(); // from the start (nothing written) to the end of its array
        Assert.True(whole.Length >= 4096);
        Assert.True(whole.IndexOfAnyExcept((byte)0) < 0, "the kept buffer still holds bytes of the last patch");
    }
}
