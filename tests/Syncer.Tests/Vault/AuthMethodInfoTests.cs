using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

public sealed class AuthMethodInfoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("syncer-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 10_000)]
    public async Task Kubernetes_EachLogin_ReadsTheRotatedJwtAfresh()
    {
        var jwtFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(jwtFile, "jwt-one\n", TestContext.Current.CancellationToken);
        var auth = AuthMethodInfoFactory.Create(new VaultAuthSettings { Method = "kubernetes", Role = "syncer", JwtFile = jwtFile });

        var first = await auth.CreateLoginRequestAsync(TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(jwtFile, "jwt-two", TestContext.Current.CancellationToken);
        var second = await auth.CreateLoginRequestAsync(TestContext.Current.CancellationToken);

        Assert.Equal("auth/kubernetes/login", first.LoginPath);
        Assert.Equal("jwt-one", first.Body!["jwt"]);
        Assert.Equal("jwt-two", second.Body!["jwt"]);
        Assert.Equal("syncer", second.Body!["role"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task AppRole_ReadsRoleIdAndSecretIdFromFiles_AndHidesThemInToString()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "role_id"), "the-role-id", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "secret_id"), "the-secret-id", TestContext.Current.CancellationToken);
        var auth = AuthMethodInfoFactory.Create(new VaultAuthSettings
        {
            Method = "approle", Mount = "ci-approle", RoleIdFile = Path.Combine(_dir, "role_id"), SecretIdFile = Path.Combine(_dir, "secret_id"),
        });

        var login = await auth.CreateLoginRequestAsync(TestContext.Current.CancellationToken);

        Assert.Equal("auth/ci-approle/login", login.LoginPath);
        Assert.Equal("the-role-id", login.Body!["role_id"]);
        Assert.Equal("the-secret-id", login.Body!["secret_id"]);
        Assert.DoesNotContain("the-secret-id", login.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Token_FromAMissingFile_FailsNamingTheFileNotAToken()
    {
        var auth = AuthMethodInfoFactory.Create(new VaultAuthSettings { Method = "token", TokenFile = Path.Combine(_dir, "absent") });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => auth.CreateLoginRequestAsync(TestContext.Current.CancellationToken));

        Assert.Contains("absent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenState_ToString_DoesNotShowTheToken()
    {
        var state = new VaultTokenState("hvs.very-secret", TimeSpan.FromHours(1), true, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("hvs.very-secret", state.ToString(), StringComparison.Ordinal);
    }
}
