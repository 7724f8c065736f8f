using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault;

/// <summary>
/// The request delegate for /v1/**: count, wait the latency, apply a queued fault, check X-Vault-Request when
/// required, redirect a path with repeated slashes, answer 503 while sealed (except sys/health), parse the wire
/// rules, then route under the state lock.
/// </summary>
internal sealed class VaultPipeline(VaultState state, VaultFaults faults, RequestCounter requests) : IDisposable
{
    private readonly Auth.KubernetesLogin _kubernetesLogin = new(state);

    public async Task InvokeAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "/v1/")["/v1/".Length..];
        requests.Record(context.Request.Method, path);

        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, state.Time, context.RequestAborted);
        }

        var fault = faults.TryTake(path, context.Request.QueryString.Value ?? "");
        if (fault is not null)
        {
            await fault.WriteAsync(context);
            return;
        }

        bool isSealed, requireHeader;
        lock (state.Gate)
        {
            isSealed = state.Sealed;
            requireHeader = state.RequireRequestHeader;
        }

        if (requireHeader && context.Request.Headers["X-Vault-Request"].ToString() != "true")
        {
            // As a Vault Agent or Proxy with require_request_header (V:http/handler.go; message text from memory).
            await VaultResponse.Errors(StatusCodes.Status412PreconditionFailed, "missing \"X-Vault-Request\" header").WriteAsync(context);
            return;
        }

        if (CleanPathRedirect(context) is { } redirect)
        {
            await redirect.WriteAsync(context);
            return;
        }

        if (isSealed && path.TrimEnd('/') != "sys/health")
        {
            await VaultResponse.Errors(StatusCodes.Status503ServiceUnavailable, "Vault is sealed").WriteAsync(context);
            return;
        }

        var (request, error) = await VaultRequestParser.ParseAsync(context, path);
        // A Kubernetes login asks the API server (TokenReview) outside the lock; everything else routes under it.
        var response = error is null ? await _kubernetesLogin.TryHandleAsync(request!, context.RequestAborted) : null;
        if (response is null)
        {
            lock (state.Gate)
            {
                response = error ?? VaultRouter.Route(state, request!);
            }
        }

        await response.WriteAsync(context);
    }

    /// <summary>
    /// Vault serves the API through Go's http.ServeMux, which answers a path with repeated slashes (as `vault secrets
    /// tune team/` sends: /v1/sys/mounts/team//tune) with 301 to the cleaned path, query kept; the Go client follows
    /// it once. For GET and HEAD the body is Go's small HTML link (http.Redirect).
    /// </summary>
    private static VaultResponse? CleanPathRedirect(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!path.Contains("//", StringComparison.Ordinal))
        {
            return null;
        }

        var cleaned = path;
        while (cleaned.Contains("//", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("//", "/", StringComparison.Ordinal);
        }

        var location = cleaned + context.Request.QueryString.Value;
        var method = context.Request.Method.ToUpperInvariant();
        var response = method is "GET" or "HEAD"
            ? VaultResponse.Raw(StatusCodes.Status301MovedPermanently, $"<a href=\"{location}\">Moved Permanently</a>.\n\n", "text/html; charset=utf-8")
            : VaultResponse.Raw(StatusCodes.Status301MovedPermanently, "", null);
        response.Headers["Location"] = location;
        return response;
    }

    public void Dispose() => _kubernetesLogin.Dispose();
}
