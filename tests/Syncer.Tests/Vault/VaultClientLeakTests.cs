using System.Text;
using Prometheus;
using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

/// <summary>PRODUCT.md §3 promise 5: no secret value or token in logs, exception messages or metric labels.</summary>
public sealed class VaultClientLeakTests : IDisposable
{
    private const string RoleId = "role-id-4b1d";
    private const string SecretId = "secret-id-9f8e7d6c";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task ARunThatReadsSecrets_WritesNoSecretValueOrTokenIntoLogsExceptionsOrMetrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.ReaderToken();
        h.Vault.AddAppRole(RoleId, SecretId, new TokenSpec(["reader"], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90)));
        string[] values = ["pa55-w0rd-alpha", "pa55-w0rd-beta", "pa55-w0rd-gamma"];
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = values[0], ["nested"] = new { inner = values[1] } });
        h.Vault.WriteSecret("secret", "shop/gone", new Dictionary<string, object?> { ["password"] = values[2] });
        h.Vault.DestroyVersions("secret", "shop/gone", 1);
        h.Vault.WriteSecret("kv", "flat", new Dictionary<string, object?> { ["password"] = values[2] });
        var client = h.CreateClient(auth: new AppRoleAuthMethodInfo(_files.Write("role_id", RoleId), _files.Write("secret_id", SecretId)));
        var errors = new List<Exception>();

        async Task Attempt(Func<Task> read)
        {
            try
            {
                var task = read();
                await h.DriveAsync(task, ct);
                await task;
            }
            catch (VaultApiException e)
            {
                errors.Add(e);
            }
        }

        await Attempt(() => client.ReadKeyValueAsync("secret/shop/db", cancellationToken: ct));
        await Attempt(() => client.ReadKeyValueAsync("kv/flat", cancellationToken: ct));
        await Attempt(() => client.ReadKeyValueAsync("secret/shop/gone", cancellationToken: ct));
        await Attempt(() => client.ReadKeyValueAsync("secret/shop/none", cancellationToken: ct));
        await Attempt(() => client.ReadSecretV1Async("shop/db", "secret", ct));
        h.Vault.Faults.FailNext(1, 429, "1", "secret/data/");
        await Attempt(() => client.ReadKeyValueAsync("secret/shop/db", 1, ct));
        await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Vault.SuccessfulLogins >= 2); // renewals, then max TTL
        h.Vault.Sealed = true;
        await Attempt(() => client.ReadKeyValueAsync("secret/shop/db", cancellationToken: ct));
        h.Vault.Sealed = false;

        var logs = new StringBuilder();
        foreach (var record in h.Logs.GetSnapshot())
        {
            logs.AppendLine(record.Message).AppendLine(record.Exception?.ToString());
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                logs.Append(key).Append('=').AppendLine(value);
            }
        }

        using var exported = new MemoryStream();
        await h.Registry.CollectAndExportAsTextAsync(exported, ct);
        var metrics = Encoding.UTF8.GetString(exported.ToArray());
        var exceptions = string.Join("\n", errors.Select(e => e.ToString()));

        Assert.True(h.Logs.Count > 20, "the run logged too little to prove anything");
        Assert.Equal(4, errors.Count); // destroyed, missing, v1-on-v2, sealed
        Assert.Contains("syncer_vault_requests_total", metrics, StringComparison.Ordinal);
        foreach (var (name, text) in new[] { ("logs", logs.ToString()), ("exceptions", exceptions), ("metrics", metrics) })
        {
            foreach (var forbidden in values.Append(SecretId).Append(RoleId).Append(h.Vault.RootToken).Append("hvs."))
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"'{forbidden}' appears in the {name}");
            }
        }
    }
}
