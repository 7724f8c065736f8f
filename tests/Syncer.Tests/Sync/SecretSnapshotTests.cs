using Syncer.Sync;

namespace Syncer.Tests.Sync;

public sealed class SecretSnapshotTests
{
    private static readonly Dictionary<string, string> None = [];

    [Theory]
    [InlineData("8cfd75a9-29bd-409f-a72c-6a10bd6684b7")] // the API server's form, kept as a Guid
    [InlineData("8CFD75A9-29BD-409F-A72C-6A10BD6684B7")]
    [InlineData("{8cfd75a9-29bd-409f-a72c-6a10bd6684b7}")]
    [InlineData("8cfd75a929bd409fa72c6a10bd6684b7")]
    [InlineData("uid-1")]
    [InlineData("")]
    public void Uid_ReadsBackExactlyAsGiven(string uid)
    {
        Assert.Equal(uid, new SecretSnapshot(uid, "1", None).Uid);
    }

    [Fact]
    public void SameObjectAs_ComparesTheUidWhateverItsForm()
    {
        var canonical = new SecretSnapshot("8cfd75a9-29bd-409f-a72c-6a10bd6684b7", "1", None);

        Assert.True(canonical.SameObjectAs(new SecretSnapshot("8cfd75a9-29bd-409f-a72c-6a10bd6684b7", "2", None)));
        Assert.False(canonical.SameObjectAs(new SecretSnapshot("8cfd75a9-29bd-409f-a72c-6a10bd6684b8", "1", None)));
        Assert.False(canonical.SameObjectAs(new SecretSnapshot("8CFD75A9-29BD-409F-A72C-6A10BD6684B7", "1", None)));
        Assert.True(new SecretSnapshot("uid-1", "1", None).SameObjectAs(new SecretSnapshot("uid-1", "5", None)));
        Assert.False(new SecretSnapshot("uid-1", "1", None).SameObjectAs(new SecretSnapshot("uid-2", "1", None)));
        Assert.False(new SecretSnapshot("", "1", None).SameObjectAs(new SecretSnapshot("00000000-0000-0000-0000-000000000000", "1", None)));
    }
}
