using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;
using Syncer.Doubles.Kubernetes.Output;
using Syncer.Doubles.Kubernetes.Reviews;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// Every request: discovery, or resource URL → count (verb, resource) → authenticate (401) → impersonate →
/// authorise (403) → injected faults → Accept negotiation (406) → the verb's handler (or a review's) → the negotiated
/// form of its answer. Failures answer Status objects.
/// </summary>
internal sealed class KubeApiServer(ObjectStore store, ApiResources resources, KubeFaults faults, Authenticator tokens, Authorizer authorizer,
    ReviewEndpoints reviews, RequestCounter requests, KubeApiDoubleOptions options)
{
    private readonly ResourceReads _reads = new(store);
    private readonly ResourceWrites _writes = new(store, faults, options.TimeProvider);
    private readonly OutputTransform _output = new(options.TimeProvider);
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
        var path = request.Path.Value ?? "/";
        // Open without credentials, as the system:public-info-viewer binding leaves it on a real server.
        if (path == "/version")
        {
            await HttpJson.WriteAsync(context.Response, 200, Discovery.Document(path, BaseAddress, resources)!, ct);
            return;
        }

        if (ApiTarget.Parse(path, resources) is not { } target)
        {
            // Discovery and OpenAPI: any authenticated user (the system:discovery binding), checked as RBAC does.
            var user = Impersonation.Apply(request, await tokens.AuthenticateAsync(request), authorizer);
            authorizer.Require(new RequestAttributes(user, request.Method.ToLowerInvariant(), false, Path: path));
            var document = request.Method != "GET" ? null
                : path.StartsWith("/openapi/v3", StringComparison.Ordinal) ? OpenApiV3.Document(path, resources)
                : Discovery.Document(path, BaseAddress, resources);
            await HttpJson.WriteAsync(context.Response, document is null ? 404 : 200,
                document ?? NotFoundDocument(), ct);
            return;
        }

        var watch = request.Query["watch"] is var w && (w == "true" || w == "1");
        var verb = target.Verb(request.Method, watch);
        var counter = tokens.CounterFor(request, requests);
        counter.Record(verb, target.RbacResource);
        var who = Impersonation.Apply(request, await tokens.AuthenticateAsync(request), authorizer);
        authorizer.Require(target.Attributes(who, verb, request.Query));
        var component = counter != requests; // counted apart: a component beside the server, outside fault injection
        if (component)
        {
            context.Items[KubeFaults.ExemptItem] = true;
        }

        if (!component && faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, ct);
        }

        if (!component && faults.InjectedError(verb, target.Type.Plural) is { } injected)
        {
            throw KubeErrors.Injected(injected);
        }

        if (ReviewEndpoints.Serves(target))
        {
            await HttpJson.WriteAsync(context.Response, 201, await reviews.CreateAsync(target, verb, who, request, ct), ct);
            return;
        }

        if (target.Subresource is not null && (target.Subresource != "status" || !target.Type.HasStatus || verb is not ("get" or "update" or "patch")))
        {
            throw new KubeStatusException(404, KubeErrors.Status(404, "NotFound", "the server could not find the requested resource", new JsonObject()));
        }

        var form = OutputNegotiation.Negotiate(request.Headers.Accept.ToString(), target.Type, request.Query["includeObject"].ToString());
        if (verb == "watch")
        {
            await _watches.RunAsync(target, context, form, _output);
            return;
        }

        var (status, body) = verb switch
        {
            "get" => (200, _reads.Get(target)),
            "list" => (200, _reads.List(target, request.Query)),
            "create" when target.Name is null => (201, await _writes.CreateAsync(target, request, ct)),
            "update" when target.Name is not null => (200, await _writes.UpdateAsync(target, request, ct)),
            "patch" when target.Name is not null => (200, await _writes.PatchAsync(target, request, ct)),
            "delete" => (200, await _writes.DeleteAsync(target, request, ct)),
            "deletecollection" => (200, _writes.DeleteCollection(target, request.Query, _reads)),
            _ => throw new KubeStatusException(405, KubeErrors.Status(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", new JsonObject())),
        };
        await HttpJson.WriteAsync(context.Response, status, _output.Apply(form, target.Type, body), ct);
    }

    private static JsonObject NotFoundDocument() =>
        KubeErrors.Status(404, "NotFound", "the server could not find the requested resource", new JsonObject());
}
