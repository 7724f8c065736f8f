using System.Text;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Spec;
using Syncer.Vault;

namespace Syncer.Tests.Sync;

public sealed class DesiredDataBuilderTests
{
    private static readonly VaultSource s_db = new("secret/shop/db", null);

    private static SyncSpec Spec(params string[] pairs) =>
        SpecTestParser.Create().Parse(SpecTestParser.Annotations(pairs), "shop").Spec
        ?? throw new InvalidOperationException("test spec is invalid");

    private static Dictionary<VaultSource, KeyValueSecret> Reads(VaultSource source, string json) =>
        new() { [source] = VaultData.Secret("secret", source.FullPath["secret/".Length..], 3, json) };

    private static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    [Fact]
    public void Build_WholePath_TakesEveryTopLevelKeyWithStringsAsUtf8AndOthersAsCompactJson()
    {
        var result = new DesiredDataBuilder().Build(
            Spec(SyncAnnotations.Path, "secret/shop/db"),
            Reads(s_db, """{"user":"app","pw":"pä$$<>","port":5432,"tls":true,"opts":{ "a" : [1, "x"] }}"""));

        var data = Assert.IsType<IReadOnlyDictionary<string, byte[]>>(result.Data, exactMatch: false);
        Assert.Null(result.Error);
        Assert.Equal(["opts", "port", "pw", "tls", "user"], data.Keys);
        Assert.Equal("app", Text(data["user"]));
        Assert.Equal("pä$$<>"u8.ToArray(), data["pw"]);
        Assert.Equal("5432", Text(data["port"]));
        Assert.Equal("true", Text(data["tls"]));
        Assert.Equal("""{"a":[1,"x"]}""", Text(data["opts"]));
    }

    [Fact]
    public void Build_KeysMapping_TakesOnlyNamedKeysAndWalksDottedProperties()
    {
        var result = new DesiredDataBuilder().Build(
            Spec(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Keys, "user=creds.user,first=hosts.0,tls.crt=tls.crt,whole=creds"),
            Reads(s_db, """{"creds":{"user":"app","pw":"s3cret"},"hosts":["h1","h2"],"tls.crt":"CERT","other":"x"}"""));

        var data = result.Data!;
        Assert.Equal(["first", "tls.crt", "user", "whole"], data.Keys);
        Assert.Equal("app", Text(data["user"]));
        Assert.Equal("h1", Text(data["first"]));
        Assert.Equal("CERT", Text(data["tls.crt"]));
        Assert.Equal("""{"user":"app","pw":"s3cret"}""", Text(data["whole"]));
    }

    [Fact]
    public void Build_KeysFromTwoPaths_ReadsEachFromItsSource()
    {
        var api = new VaultSource("kv/shared/api", null);
        var reads = Reads(s_db, """{"pw":"one"}""");
        reads[api] = VaultData.Secret("kv", "shared/api", null, """{"token":"two"}""");

        var result = new DesiredDataBuilder().Build(Spec(SyncAnnotations.Keys, "pw=secret/shop/db#pw,token=kv/shared/api#token"), reads);

        Assert.Equal("one", Text(result.Data!["pw"]));
        Assert.Equal("two", Text(result.Data!["token"]));
    }

    [Fact]
    public void Build_WhenAMappedPropertyIsMissing_FailsNamingPropertyAndPathButNoValue()
    {
        var result = new DesiredDataBuilder().Build(
            Spec(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Keys, "user=creds.user,pw=creds.password,host=host.name"),
            Reads(s_db, """{"creds":{"user":"app-user-value"},"host":"db.internal"}"""));

        Assert.Null(result.Data);
        Assert.Contains("'creds.password' of secret/shop/db (for key 'pw')", result.Error, StringComparison.Ordinal);
        Assert.Contains("'host.name' of secret/shop/db (for key 'host')", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("app-user-value", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WhenWholePathHasNoKeys_FailsInsteadOfBlankingTheSecret()
    {
        var result = new DesiredDataBuilder().Build(Spec(SyncAnnotations.Path, "secret/shop/db"), Reads(s_db, "{}"));

        Assert.Null(result.Data);
        Assert.Equal("secret/shop/db has no keys in Vault", result.Error);
    }

    [Fact]
    public void Build_WhenAVaultKeyIsNotAValidSecretKey_FailsNamingTheKey()
    {
        var result = new DesiredDataBuilder().Build(Spec(SyncAnnotations.Path, "secret/shop/db"), Reads(s_db, """{"ok":"1","bad key":"2"}"""));

        Assert.Null(result.Data);
        Assert.Contains("'bad key'", result.Error, StringComparison.Ordinal);
        Assert.Contains(SyncAnnotations.Keys, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WhenVaultHoldsNull_FailsAsMissingNeverWritingTheTextNull()
    {
        var whole = new DesiredDataBuilder().Build(Spec(SyncAnnotations.Path, "secret/shop/db"), Reads(s_db, """{"pw":"s3cret","none":null}"""));
        var mapped = new DesiredDataBuilder().Build(
            Spec(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Keys, "pw=pw,user=creds.user,gone=nothere"),
            Reads(s_db, """{"pw":null,"creds":{"user":null}}"""));

        Assert.Null(whole.Data);
        Assert.Equal("secret/shop/db holds null for 'none' in Vault; a null is not a value Syncer writes", whole.Error);
        Assert.Null(mapped.Data);
        Assert.Equal(
            "not found in Vault: 'nothere' of secret/shop/db (for key 'gone'); " +
            "null in Vault, not a value Syncer writes: 'pw' of secret/shop/db (for key 'pw'), 'creds.user' of secret/shop/db (for key 'user')",
            mapped.Error);
    }

    [Fact]
    public void Build_ANullInsideANestedValue_IsPartOfThatValue()
    {
        var result = new DesiredDataBuilder().Build(Spec(SyncAnnotations.Path, "secret/shop/db"), Reads(s_db, """{"opts":{"a":null}}"""));

        Assert.Equal("""{"a":null}""", Text(result.Data!["opts"]));
    }
}
