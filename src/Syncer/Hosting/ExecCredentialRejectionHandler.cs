using System.Net;

namespace Syncer.Hosting;

/// <summary>
/// In the Kubernetes client's pipeline when the kubeconfig's user runs an exec credential plugin: a 401 from the API
/// server ends the token that request carried (a token revoked, or rotated by its issuer before the expiry the plugin
/// gave), so the next request gets a new one, as client-go does. The 401 itself is the caller's to handle, as before.
/// </summary>
internal sealed class ExecCredentialRejectionHandler(ExecCredentialTokenProvider provider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && request.Headers.Authorization is { } sent)
        {
            provider.Reject(sent);
        }

        return response;
    }
}
