using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Spec;

/// <summary>
/// Known answers for the two hashes Syncer writes into annotations. Clusters hold these: an encoding that drifted
/// would make every Secret look changed (a rewrite of all of them, and rollouts) after an upgrade. The data-hash
/// vector is computed independently (Python's hmac over the documented encoding); the synced-inputs vector is what
/// Syncer wrote before its hashing moved from an incremental hash to one call over a buffer.
/// </summary>
public sealed class AnnotationHashVectorsTests
{
    [Fact]
    public void DataHash_MatchesTheDocumentedEncoding()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var data = new Dictionary<string, byte[]>
        {
            ["user"] = "app"u8.ToArray(),
            ["password"] = "hunter2"u8.ToArray(),
            ["été"] = [0x00, 0xff],
        };

        Assert.Equal("hmac-sha256-v2:7a2782256e6b0c4436101da60debd2e6b67c0d1f20515a5973b25b599daf0522", new DataHasher(key, "shop", "db").Hash(data));
        Assert.Equal("hmac-sha256:0cf21de9de1579e0c2e1336f34bf52356e30bc58ad3400ecf91a8d932bd3d238", new DataHasher(key, "shop", "db").LegacyHash(data));
    }

    [Fact]
    public void SyncedInputs_IsWhatEarlierVersionsWrote()
    {
        var parsed = SpecTestParser.Create().Parse(SpecTestParser.Annotations(
            SyncAnnotations.Path, "secret/shop/db",
            SyncAnnotations.Keys, "user=username, password=creds.password, api=kv/shared/api#token",
            SyncAnnotations.Version, "3",
            SyncAnnotations.ForceSync, "2026-11-23T08:59:00Z"), "shop");
        Assert.True(parsed.Spec is not null, string.Join("; ", parsed.Errors));

        Assert.Equal("sha256:1dd0f503ad82dc505426198ec20ff117f34cbcd4df1a03818ab181ee37dea3b6", SyncInputs.Digest("0b7c2a4e-6f1d-4e0a-9c3b-5d2f8e1a7b64", parsed.Spec!));
    }

    [Fact]
    public void SyncedInputs_OfAPathAlone_EncodesTheAbsentFieldsAsMinusOne()
    {
        // Computed independently (Python's hashlib over the documented encoding): the common Secret, a path and nothing else.
        var parsed = SpecTestParser.Create().Parse(SpecTestParser.Annotations(SyncAnnotations.Path, "secret/shop/db"), "shop");
        Assert.True(parsed.Spec is not null, string.Join("; ", parsed.Errors));

        Assert.Equal("sha256:6989acada22841f5dda9701384366df71c5c54b66f6ece2bfabc901e4e588539", SyncInputs.Digest("0b7c2a4e-6f1d-4e0a-9c3b-5d2f8e1a7b64", parsed.Spec!));
    }
}
