using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// Every request: discovery, or resource URL → count (verb, resource) → authenticate (401) → authorise (403)
/// → injected faults → the verb's handler. Failures answer Status objects.
/// </summary>
internal sealed class KubeApiServer(ObjectStore store, KubeFaults faults, TokenRegistry tokens, RequestCounter requests, KubeApiDoubleOptions options)
{
    private readonly ResourceReads _reads = new(store);
    private readonly ResourceWrites _writes = new(store, faults);
    private readonly WatchStream _watches = new(store, faults, options);

    public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        try
        {
            await DispatchAsync(context, ct);
        }
        catch (KubeStatusException e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteAsync(context.Response, e.Code, e.Status, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug in the double: say so as the real server does for a panic, with the cause to debug it.
            await HttpJson.WriteAsync(context.Response, 500,
                KubeErrors.Status(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}", new JsonObject()), ct);
        }
    }

    private async Task DispatchAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        var (path, pathToken) = SplitTokenPrefix(request.Path.Value ?? "/");
        if (path == "/version")
        {
            await HttpJson.WriteAsync(context.Response, 200, Discovery.Document(path, BaseAddress)!, ct);
            return;
        }

        if (ApiTarget.Parse(path) is not { } target)
        {
            tokens.Authenticate(request, pathToken);
            var prefix = pathToken is null ? "" : $"/token/{Uri.EscapeDataString(pathToken)}";
            var document = request.Method != "GET" ? null
                : path.StartsWith("/openapi/v3", StringComparison.Ordinal) ? OpenApiV3.Document(path, prefix)
                : Discovery.Document(path, BaseAddress);
            await HttpJson.WriteAsync(context.Response, document is null ? 404 : 200,
                document ?? NotFoundDocument(), ct);
            return;
        }

        var watch = request.Query["watch"] is var w && (w == "true" || w == "1");
        var verb = target.Verb(request.Method, watch);
        var counter = tokens.CounterFor(request, pathToken, requests);
        counter.Record(verb, target.RbacResource);
        var who = tokens.Authenticate(request, pathToken);
        TokenRegistry.Authorize(who, verb, target);
        var component = counter != requests; // counted apart: a component beside the server, outside fault injection
        if (component)
        {
            context.Items[KubeFaults.ExemptItem] = true;
        }

        if (!component && faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, ct);
        }

        if (!component && faults.InjectedError(verb, target.Type.Plural) is { } code)
        {
            throw KubeErrors.Injected(code);
        }

        if (target.Subresource is not null && (target.Subresource != "status" || !target.Type.HasStatus || verb is not ("get" or "update" or "patch")))
        {
            throw new KubeStatusException(404, KubeErrors.Status(404, "NotFound", "the server could not find the requested resource", new JsonObject()));
        }

        var response = context.Response;
        switch (verb)
        {
            case "watch":
                await _watches.RunAsync(target, context);
                break;
            case "get":
                await HttpJson.WriteAsync(response, 200, _reads.Get(target), ct);
                break;
            case "list":
                await HttpJson.WriteAsync(response, 200, _reads.List(target, request.Query), ct);
                break;
            case "create" when target.Name is null:
                await HttpJson.WriteAsync(response, 201, await _writes.CreateAsync(target, request, ct), ct);
                break;
            case "update" when target.Name is not null:
                await HttpJson.WriteAsync(response, 200, await _writes.UpdateAsync(target, request, ct), ct);
                break;
            case "patch" when target.Name is not null:
                await HttpJson.WriteAsync(response, 200, await _writes.PatchAsync(target, request, ct), ct);
                break;
            case "delete":
                await HttpJson.WriteAsync(response, 200, await _writes.DeleteAsync(target, request, ct), ct);
                break;
            case "deletecollection":
                await HttpJson.WriteAsync(response, 200, _writes.DeleteCollection(target, request.Query, _reads), ct);
                break;
            default:
                throw new KubeStatusException(405, KubeErrors.Status(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource", new JsonObject()));
        }
    }

    /// <summary>"/token/{token}/api/v1/…" → ("/api/v1/…", token); see <see cref="TokenRegistry.Authenticate"/>.</summary>
    private static (string Path, string? Token) SplitTokenPrefix(string path)
    {
        const string Prefix = "/token/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (path, null);
        }

        var end = path.IndexOf('/', Prefix.Length);
        return end < 0 ? ("/", path[Prefix.Length..]) : (path[end..], path[Prefix.Length..end]);
    }

    private static JsonObject NotFoundDocument() =>
        KubeErrors.Status(404, "NotFound", "the server could not find the requested resource", new JsonObject());
}
