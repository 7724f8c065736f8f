using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>Plain requests on database/, transit/ and pki/ mounts, answered as those engines answer them (docs/doubles-vault.md).</summary>
public sealed class VaultNonKvEngineTests
{
    private static readonly VaultMount[] Engines = [new("database", "database"), new("transit", "transit"), new("pki", "pki"), new("aws", "aws")];

    [Fact(Timeout = 10_000)]
    public async Task DatabaseCreds_UnknownRole_Answers400UnknownRole()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);

        var creds = await h.GetAsync("database/creds/readonly");
        var staticCreds = await h.GetAsync("database/static-creds/app");

        Assert.Equal(400, creds.Status);
        Assert.Equal("{\"errors\":[\"unknown role: readonly\"]}\n", creds.Body);
        Assert.Equal(["unknown role: app"], staticCreds.Errors);
        Assert.Equal(0, h.Vault.IssuedDatabaseCredentials);
    }

    [Fact(Timeout = 10_000)]
    public async Task DatabaseCreds_KnownRole_MintsANewLeasedCredentialOnEveryRead()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);
        h.Vault.AddDatabaseRole("database", "readonly", TimeSpan.FromHours(1));

        var first = await h.GetAsync("database/creds/readonly");
        var second = await h.GetAsync("database/creds/readonly");

        Assert.Equal(200, first.Status);
        Assert.Equal("database", first.Json["mount_type"]!.GetValue<string>());
        Assert.Matches("^database/creds/readonly/[A-Za-z0-9]{24}$", first.Json["lease_id"]!.GetValue<string>());
        Assert.True(first.Json["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, first.Json["lease_duration"]!.GetValue<long>());
        Assert.Matches($"^v-root-readonly-[A-Za-z0-9]{{20}}-{VaultHarness.Start.ToUnixTimeSeconds()}$", first.Json["data"]!["username"]!.GetValue<string>());
        Assert.NotEqual(first.Json["data"]!["password"]!.ToString(), second.Json["data"]!["password"]!.ToString());
        Assert.NotEqual(first.Json["lease_id"]!.ToString(), second.Json["lease_id"]!.ToString());
        Assert.Equal(2, h.Vault.IssuedDatabaseCredentials);
    }

    [Fact(Timeout = 10_000)]
    public async Task DatabaseCreds_RoleWithoutTtl_GetsTheMountsDefault()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);
        h.Vault.AddDatabaseRole("database", "app");
        await h.PostAsync("sys/mounts/database/tune", VaultCli.TuneBody(defaultTtl: "10m"));

        var creds = await h.GetAsync("database/creds/app");

        Assert.Equal(600, creds.Json["lease_duration"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task TransitKey_MissingThenCreated_Is404ThenItsMetadata()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);

        var missing = await h.GetAsync("transit/keys/orders");
        var created = await h.PostAsync("transit/keys/orders", "{}");
        var read = await h.GetAsync("transit/keys/orders");
        var again = await h.PostAsync("transit/keys/orders", "{}");

        Assert.Equal(404, missing.Status);
        Assert.Equal("{\"errors\":[]}\n", missing.Body);
        Assert.Equal(200, created.Status);
        Assert.Equal(
            $$"""{"allow_plaintext_backup":false,"auto_rotate_period":0,"deletion_allowed":false,"derived":false,"exportable":false,"imported_key":false,"keys":{"1":{{VaultHarness.Start.ToUnixTimeSeconds()}}},"latest_version":1,"min_available_version":0,"min_decryption_version":1,"min_encryption_version":0,"name":"orders","supports_decryption":true,"supports_derivation":true,"supports_encryption":true,"supports_signing":false,"type":"aes256-gcm96"}""",
            read.Json["data"]!.ToJsonString());
        Assert.Equal("transit", read.Json["mount_type"]!.GetValue<string>());
        Assert.Equal("key orders already existed", again.Json["warnings"]![0]!.GetValue<string>());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("pki/cert/ca")]
    [InlineData("pki/cert/ca_chain")]
    public async Task PkiCa_NoIssuer_Answers400NoDefaultIssuer(string path)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);

        var reply = await h.GetAsync(path);

        Assert.Equal(400, reply.Status);
        Assert.Equal(["no default issuer currently configured"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task PkiRawCa_NoIssuer_Answers204WithItsContentType()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);

        var der = await h.GetAsync("pki/ca");
        var pem = await h.GetAsync("pki/ca/pem");
        var serial = await h.GetAsync("pki/cert/17:67:16:b0:b9:45:58:c0");

        Assert.Equal((204, "application/pkix-cert"), (der.Status, der.ContentType?.MediaType));
        Assert.Equal((204, "application/pem-certificate-chain"), (pem.Status, pem.ContentType?.MediaType));
        Assert.Equal("", pem.Body);
        Assert.Equal((404, "{\"errors\":[]}\n"), (serial.Status, serial.Body));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("GET", "database/nothing/here", 404, "unsupported path")]
    [InlineData("GET", "transit/encrypt/orders", 404, "unsupported path")]
    [InlineData("GET", "aws/creds/deploy", 404, "unsupported path")]
    [InlineData("GET", "identity/entity/id/x", 404, "unsupported path")]
    [InlineData("GET", "sys/policy/default", 404, "unsupported path")]
    [InlineData("DELETE", "database/creds/readonly", 405, "unsupported operation")]
    [InlineData("POST", "pki/cert/ca", 405, "unsupported operation")]
    public async Task PathTheEngineDoesNotHave_AnswersTheBackendsMultiError(string method, string path, int status, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);

        var reply = await h.SendAsync(method, path, method == "POST" ? "{}" : null);

        Assert.Equal(status, reply.Status);
        Assert.Equal([$"1 error occurred:\n\t* {error}\n\n"], reply.Errors);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("database/creds/readonly", "database/", "database")]
    [InlineData("transit/keys/orders", "transit/", "transit")]
    [InlineData("pki/cert/ca", "pki/", "pki")]
    [InlineData("aws/creds/deploy", "aws/", "aws")]
    [InlineData("sys/mounts", "sys/", "system")]
    [InlineData("cubbyhole/x", "cubbyhole/", "cubbyhole")]
    [InlineData("identity/entity", "identity/", "identity")]
    [InlineData("secret/data/app", "secret/", "kv")]
    public async Task Preflight_EveryMountType_ReportsItsTypeAndOptions(string path, string mount, string type)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, Engines);
        var listed = (await VaultCli.ListAsync(h)).Json["data"]![mount]!;

        var reply = await h.GetAsync("sys/internal/ui/mounts/" + path);

        Assert.Equal(200, reply.Status);
        Assert.Equal(mount, reply.Json["data"]!["path"]!.GetValue<string>());
        Assert.Equal(type, reply.Json["data"]!["type"]!.GetValue<string>());
        Assert.Equal(listed["options"]?.ToJsonString(), reply.Json["data"]!["options"]?.ToJsonString());
        Assert.Equal(listed["accessor"]!.ToString(), reply.Json["data"]!["accessor"]!.ToString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Cubbyhole_IsPrivateToEachToken()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("c", new PolicyRule("cubbyhole/*", "create", "read", "update"));
        var other = h.Vault.CreateToken(new TokenSpec(["c"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var write = await h.PostAsync("cubbyhole/note", """{"k":"v"}""");
        var own = await h.GetAsync("cubbyhole/note");
        var theirs = await h.GetAsync("cubbyhole/note", other);
        var empty = await h.PostAsync("cubbyhole/note", "{}");

        Assert.Equal(204, write.Status);
        Assert.Equal("""{"k":"v"}""", own.Json["data"]!.ToJsonString());
        Assert.Equal("cubbyhole", own.Json["mount_type"]!.GetValue<string>());
        Assert.Equal((404, "{\"errors\":[]}\n"), (theirs.Status, theirs.Body));
        Assert.Equal((500, "1 error occurred:\n\t* missing data fields\n\n"), (empty.Status, empty.Errors.Single()));
    }
}
