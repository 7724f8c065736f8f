using Syncer.Observability;

namespace Syncer.Tests.Observability;

public sealed class BuildVersionTests
{
    [Theory]
    [InlineData("0.1.0+3f2c1ab", "0.1.0", "3f2c1ab")]         // the Dockerfile: VERSION and COMMIT
    [InlineData("1.0.0+ab04e94957a121a68d375cfefea517cbe98d77ad", "1.0.0", "ab04e94957a121a68d375cfefea517cbe98d77ad")] // a local build
    [InlineData("0.2.0-rc.1", "0.2.0-rc.1", "unknown")]        // no source revision
    [InlineData("0.2.0+", "0.2.0", "unknown")]
    [InlineData(null, "unknown", "unknown")]
    public void Parse_SplitsTheInformationalVersionIntoVersionAndCommit(string? informational, string version, string commit) =>
        Assert.Equal((version, commit), BuildVersion.Parse(informational));

    [Fact]
    public void Of_SyncersAssembly_NamesItsCommit()
    {
        var (version, commit) = BuildVersion.Of(typeof(SyncerMetrics).Assembly);

        Assert.NotEqual(BuildVersion.Unknown, version);
        Assert.NotEqual(BuildVersion.Unknown, commit); // the SDK stamps the git commit into every build
    }
}
