using Syncer.Vault;
using Syncer.Vault.Http;

namespace Syncer.Tests.Vault;

/// <summary>Bodies as vault-api.md quotes them, mapped to the typed exceptions.</summary>
public sealed class VaultErrorsTests
{
    private static readonly VaultRequest Read = new("kv2_read", HttpMethod.Get, "secret/data/shop/db");

    [Fact]
    public void ToException_For404WithEmptyErrors_IsNotFound() =>
        Assert.IsType<VaultSecretNotFoundException>(VaultErrors.ToException(Read, new VaultResponse(404, """{"errors":[]}""", null)));

    [Fact]
    public void ToException_For404NoHandlerForRoute_IsRouteNotFound()
    {
        var e = VaultErrors.ToException(Read, new VaultResponse(404, """{"errors":["no handler for route \"foo/bar\". route entry not found."]}""", null));

        Assert.IsType<VaultRouteNotFoundException>(e);
    }

    [Fact]
    public void ToException_For404WithVersionedKvWarning_IsRouteNotFound()
    {
        const string body = """{"request_id":"x","data":null,"warnings":["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."]}""";

        Assert.IsType<VaultRouteNotFoundException>(VaultErrors.ToException(Read, new VaultResponse(404, body, null)));
    }

    [Theory]
    [InlineData(false, "2024-01-01T00:00:00.123Z")]
    [InlineData(true, "")]
    public void ToException_For404EnvelopeWithNullData_IsDeletedAndTellsDestroyed(bool destroyed, string deletionTime)
    {
        var body = $$$"""{"request_id":"x","data":{"data":null,"metadata":{"created_time":"2024-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"{{{deletionTime}}}","destroyed":{{{(destroyed ? "true" : "false")}}},"version":3}},"warnings":null}""";

        var e = Assert.IsType<VaultSecretDeletedException>(VaultErrors.ToException(Read, new VaultResponse(404, body, null)));

        Assert.Equal(destroyed, e.Destroyed);
        Assert.Equal(3, e.Metadata.Version);
    }

    [Fact]
    public void ToException_For503Sealed_IsSealed() =>
        Assert.IsType<VaultSealedException>(VaultErrors.ToException(Read, new VaultResponse(503, """{"errors":["Vault is sealed"]}""", null)));

    [Fact]
    public void ToException_For403_IsForbiddenWithVaultsErrors()
    {
        var e = Assert.IsType<VaultForbiddenException>(VaultErrors.ToException(Read, new VaultResponse(403, """{"errors":["permission denied"]}""", null)));

        Assert.Equal(["permission denied"], e.ApiErrors);
        Assert.Contains("secret/data/shop/db", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToException_ForANonJsonBody_KeepsTheStatusAndNoTextOfIt()
    {
        var e = VaultErrors.ToException(Read, new VaultResponse(502, "<html>" + new string('x', 1000) + "</html>", null));

        Assert.Equal(502, e.StatusCode);
        Assert.Empty(e.ApiErrors);
        Assert.DoesNotContain("xxx", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("html", e.Message, StringComparison.Ordinal);
    }
}
