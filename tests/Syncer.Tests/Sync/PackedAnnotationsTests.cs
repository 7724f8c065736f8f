using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Spec;

namespace Syncer.Tests.Sync;

public sealed class PackedAnnotationsTests
{
    private static readonly string[] ContractKeys = [.. SyncAnnotations.UserKeys, .. SyncAnnotations.StatusKeys];

    [Fact]
    public void Pack_OfEveryContractKey_ReadsBackEachValueAndDropsTheOtherAnnotations()
    {
        var contract = ContractKeys.Select((key, i) => KeyValuePair.Create(key, $"value {i} of {key}")).ToDictionary();
        var all = new Dictionary<string, string>(contract)
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"data\":{\"password\":\"aHVudGVyMg==\"}}",
            ["team.example.com/owner"] = "shop",
        };

        var packed = PackedAnnotations.Pack(all);

        Assert.Equal(contract.Count, packed.Count);
        Assert.Equal(contract.OrderBy(e => e.Key, StringComparer.Ordinal), packed.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(packed.Select(e => e.Key), packed.Keys); // the keys alone, in the entries' order
        foreach (var (key, value) in contract)
        {
            Assert.True(packed.TryGetValue(key, out var read));
            Assert.Equal(value, read);
            Assert.Equal(value, packed[key]);
        }

        Assert.False(packed.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.False(packed.ContainsKey("team.example.com/owner"));
    }

    [Fact]
    public void Pack_OfSomeKeys_ReadsEachPresentOneAndNoAbsentOne()
    {
        var packed = PackedAnnotations.Pack(new Dictionary<string, string>
        {
            [SyncAnnotations.SyncedInputs] = "sha256:" + new string('a', 64),
            [SyncAnnotations.Path] = "secret/shop/db",
            [SyncAnnotations.Error] = "",
        });

        Assert.Equal("sha256:" + new string('a', 64), packed[SyncAnnotations.SyncedInputs]);
        Assert.Equal("secret/shop/db", packed[SyncAnnotations.Path]);
        Assert.Equal("", packed[SyncAnnotations.Error]);
        Assert.Equal(3, packed.Count);
        foreach (var absent in ContractKeys.Except([SyncAnnotations.SyncedInputs, SyncAnnotations.Path, SyncAnnotations.Error]))
        {
            Assert.False(packed.TryGetValue(absent, out _), absent);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Vault says: clé introuvable, 鍵が見つかりません")]
    [InlineData("a rocket \U0001F680 and a lone \uD800 surrogate")]
    [InlineData("\uDC00")]
    public void Pack_OfAnyText_ReadsBackTheSameText(string text)
    {
        var packed = PackedAnnotations.Pack(new Dictionary<string, string> { [SyncAnnotations.Error] = text, [SyncAnnotations.Path] = "secret/shop/db" });

        Assert.Equal(text, packed[SyncAnnotations.Error]);
        Assert.Equal("secret/shop/db", packed[SyncAnnotations.Path]);
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_384)]
    [InlineData(100_000)]
    public void Pack_OfLongValues_ReadsBackEveryValueAfterThem(int length)
    {
        var packed = PackedAnnotations.Pack(new Dictionary<string, string>
        {
            [SyncAnnotations.Error] = new string('e', length),
            [SyncAnnotations.Keys] = new string('k', length),
            [SyncAnnotations.Version] = "3",
        });

        Assert.Equal(new string('e', length), packed[SyncAnnotations.Error]);
        Assert.Equal(new string('k', length), packed[SyncAnnotations.Keys]);
        Assert.Equal("3", packed[SyncAnnotations.Version]);
    }

    [Theory]
    [InlineData("hmac-sha256-v2:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("hmac-sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000a1")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")] // upper case: kept as text
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")] // 63 digits
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")] // 65 digits
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("md5:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:")]
    public void Pack_OfADigestOrAlmostOne_ReadsBackTheSameText(string digest)
    {
        var packed = PackedAnnotations.Pack(new Dictionary<string, string>
        {
            [SyncAnnotations.DataHash] = digest,
            [SyncAnnotations.SyncedInputs] = digest,
            [SyncAnnotations.SyncedAt] = "2026-11-23T09:00:00Z",
        });

        Assert.Equal(digest, packed[SyncAnnotations.DataHash]);
        Assert.Equal(digest, packed[SyncAnnotations.SyncedInputs]);
        Assert.Equal("2026-11-23T09:00:00Z", packed[SyncAnnotations.SyncedAt]);
        Assert.Equal([digest, "2026-11-23T09:00:00Z", digest], packed.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value));
    }

    [Fact]
    public void Pack_OfAnUnknownKeyUnderThePrefix_KeepsItForTheParserToReport()
    {
        var packed = PackedAnnotations.Pack(new Dictionary<string, string> { ["syncer.io/pth"] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" });

        Assert.Equal("secret/shop/db", packed["syncer.io/pth"]);
        Assert.Equal(["syncer.io/pth", SyncAnnotations.Refresh], packed.Keys.Order(StringComparer.Ordinal));
        var parsed = SpecTestParser.Create().Parse(packed, "shop");
        Assert.Contains(parsed.Errors, e => e.Message.Contains("syncer.io/pth", StringComparison.Ordinal));
    }

    [Fact]
    public void Pack_OfNothing_IsEmpty()
    {
        Assert.Empty(PackedAnnotations.Pack(null));
        Assert.Empty(PackedAnnotations.Pack(new Dictionary<string, string> { ["app"] = "shop" }));
        Assert.Throws<KeyNotFoundException>(() => PackedAnnotations.Empty[SyncAnnotations.Path]);
    }
}
