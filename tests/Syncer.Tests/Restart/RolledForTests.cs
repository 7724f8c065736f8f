using Syncer.Restart;

namespace Syncer.Tests.Restart;

public sealed class RolledForTests
{
    [Fact]
    public void Parse_ReadsEachSecretsRevision_AndSkipsWhatDoesNotParse()
    {
        var rolled = RolledFor.Parse(" db=3, api=12,broken,=4,neg=-1,x=y ");

        Assert.Equal(new Dictionary<string, long> { ["db"] = 3, ["api"] = 12 }, rolled);
        Assert.Empty(RolledFor.Parse(null));
        Assert.Empty(RolledFor.Parse(""));
    }

    [Fact]
    public void Merge_RecordsTheNewRevisionsOverTheOldOnes_InNameOrder()
    {
        var merged = RolledFor.Merge(RolledFor.Parse("db=3,zeta=1"), [("db", 4), ("api", 2)]);

        Assert.Equal("api=2,db=4,zeta=1", merged);
    }
}
