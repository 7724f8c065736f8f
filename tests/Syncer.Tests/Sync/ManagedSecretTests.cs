using Syncer.Sync;

namespace Syncer.Tests.Sync;

public sealed class ManagedSecretTests
{
    private static ManagedSecret Secret() =>
        new(new SecretKey("shop", "db"), new SecretSnapshot("uid", "1", new Dictionary<string, string>()), DateTimeOffset.UnixEpoch);

    [Fact]
    public void AdvanceVerified_MovesOnOnlyFromTheResourceVersionItWasAt_ComparingValuesNotInstances()
    {
        var secret = Secret();
        secret.VerifiedResourceVersion = "45";

        Assert.False(secret.AdvanceVerified("44", "60"));
        Assert.Equal("45", secret.VerifiedResourceVersion);
        Assert.True(secret.AdvanceVerified(new string("45".ToCharArray()), "61")); // another string instance, as parsed from a watch event
        Assert.Equal("61", secret.VerifiedResourceVersion);
        Assert.True(secret.AdvanceVerified("61", "61"));
    }

    [Fact]
    public void SeldomFields_ReadBackWhatWasSet_EachOnItsOwn_AndNullOnceCleared()
    {
        var secret = Secret();
        secret.ReportedFailure = null; // clearing what was never set changes nothing
        Assert.Null(secret.ReportedFailure);

        var rejected = new RejectedWrite("inputs", "hmac-sha256-v2:00", SyncFailureReason.WriteRejected, "data.password: Invalid value");
        secret.RejectedWrite = rejected;
        secret.FreshReadAt = DateTimeOffset.UnixEpoch;
        secret.FreshReadFor = "2026-11-23T09:00:00Z";
        secret.ForceSyncApplied = "2026-11-23T08:00:00Z";
        secret.ReportedFailure = "Vault is sealed";

        Assert.Same(rejected, secret.RejectedWrite);
        Assert.Equal(DateTimeOffset.UnixEpoch, secret.FreshReadAt);
        Assert.Equal("2026-11-23T09:00:00Z", secret.FreshReadFor);
        Assert.Equal("2026-11-23T08:00:00Z", secret.ForceSyncApplied);
        Assert.Equal("Vault is sealed", secret.ReportedFailure);

        secret.RejectedWrite = null;
        secret.ReportedFailure = null;
        Assert.Null(secret.RejectedWrite);
        Assert.Null(secret.ReportedFailure);
        Assert.Equal("2026-11-23T09:00:00Z", secret.FreshReadFor);
    }

    [Fact(Timeout = 10_000)]
    public async Task StatusWriteDone_WaitsForAnAnnouncedWrite_AndCompletesWhenItEnds()
    {
        var secret = Secret();
        Assert.True(secret.StatusWriteDone.IsCompleted);

        var write = secret.BeginStatusWrite();
        var done = secret.StatusWriteDone;
        Assert.False(done.IsCompleted);

        write.Dispose();
        await done.WaitAsync(TestContext.Current.CancellationToken);
        Assert.True(secret.StatusWriteDone.IsCompleted);
    }
}
