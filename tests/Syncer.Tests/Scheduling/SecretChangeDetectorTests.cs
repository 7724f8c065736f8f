using Syncer.Discovery;
using Syncer.Scheduling;
using Syncer.Tests.Discovery;

namespace Syncer.Tests.Scheduling;

public sealed class SecretChangeDetectorTests
{
    private static readonly (string, string) Path = (WatchedAnnotations.Path, "secret/shop/db");

    [Fact]
    public void Detect_WithNothingBefore_IsNew() =>
        Assert.Equal(SecretChange.New, SecretChangeDetector.Detect(null, WatchedSecrets.Create()));

    [Fact]
    public void Detect_WhenTheUidChanged_IsRecreated() =>
        Assert.Equal(SecretChange.Recreated, SecretChangeDetector.Detect(WatchedSecrets.Create(uid: "a"), WatchedSecrets.Create(uid: "b")));

    [Fact]
    public void Detect_WhenOnlyResourceVersionAndStatusChanged_IsNone()
    {
        var before = WatchedSecrets.Create(resourceVersion: "10", annotations: Path);
        var after = WatchedSecrets.Create(resourceVersion: "11", synced: true, error: true, annotations: Path);

        Assert.Equal(SecretChange.None, SecretChangeDetector.Detect(before, after));
    }

    [Fact]
    public void Detect_WhenThePathChanged_IsInputs()
    {
        var after = WatchedSecrets.Create(annotations: (WatchedAnnotations.Path, "secret/shop/other"));

        Assert.Equal(SecretChange.Inputs, SecretChangeDetector.Detect(WatchedSecrets.Create(annotations: Path), after));
    }

    [Fact]
    public void Detect_WhenRefreshWasAdded_IsScheduleAndInputs()
    {
        var after = WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.Refresh, "1h")]);

        Assert.Equal(SecretChange.Schedule | SecretChange.Inputs, SecretChangeDetector.Detect(WatchedSecrets.Create(annotations: Path), after));
    }

    [Fact]
    public void Detect_WhenForceSyncGotANewValue_IsForceSync()
    {
        var before = WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.ForceSync, "2026-11-23T09:00:00Z")]);
        var after = WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.ForceSync, "2026-11-23T09:05:00Z")]);

        Assert.Equal(SecretChange.ForceSync, SecretChangeDetector.Detect(before, after));
    }

    [Fact]
    public void Detect_WhenForceSyncWasRemoved_IsNone()
    {
        var before = WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.ForceSync, "1")]);

        Assert.Equal(SecretChange.None, SecretChangeDetector.Detect(before, WatchedSecrets.Create(annotations: Path)));
    }
}
