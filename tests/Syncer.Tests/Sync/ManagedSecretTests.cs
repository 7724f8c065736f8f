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
