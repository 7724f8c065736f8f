using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Crds;
using Syncer.Doubles.Kubernetes.Patching;
using Syncer.Doubles.Kubernetes.Rules;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>POST, PUT, PATCH and DELETE with the API server's order of checks.</summary>
internal sealed class ResourceWrites(ObjectStore store, KubeFaults faults, TimeProvider clock)
{
    public async Task<JsonObject> CreateAsync(ApiTarget target, HttpRequest request, CancellationToken ct)
    {
        var type = target.Type;
        var obj = ResourceRules.FromWire(type, await HttpJson.ReadObjectAsync(request, type, ct));
        var meta = (JsonObject)obj["metadata"]!;
        BindNamespace(target, meta);
        if (!string.IsNullOrEmpty((string?)meta["resourceVersion"]))
        {
            throw KubeErrors.BadRequest("resourceVersion should not be set on objects to be created");
        }

        ResourceRules.PrepareCreate(type, obj);
        if (type == ResourceCatalog.CustomResourceDefinitions)
        {
            CrdRules.SetStatus(obj, null, clock.GetUtcNow());
        }

        var created = store.Create(type, obj, o => ResourceRules.Validate(type, o, null), IsDryRun(request));
        return ResourceRules.ToWire(type, created, withKind: true);
    }

    public async Task<JsonObject> UpdateAsync(ApiTarget target, HttpRequest request, CancellationToken ct)
    {
        var type = target.Type;
        var obj = ResourceRules.FromWire(type, await HttpJson.ReadObjectAsync(request, type, ct));
        var meta = (JsonObject)obj["metadata"]!;
        BindNamespace(target, meta);
        if ((string?)meta["name"] is { } bodyName && bodyName != target.Name)
        {
            throw KubeErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({target.Name})");
        }

        meta["name"] = target.Name;
        ThrowIfForcedConflict(target, request);
        var updated = store.Update(type, target.Namespace ?? "", target.Name!, current =>
        {
            var rv = (string?)meta["resourceVersion"];
            if (string.IsNullOrEmpty(rv) && !type.AllowUnconditionalUpdate)
            {
                throw KubeErrors.Invalid(type, target.Name!,
                    [FieldError.InvalidRaw("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }

            if (!string.IsNullOrEmpty(rv) && rv != (string?)current["metadata"]!["resourceVersion"])
            {
                throw KubeErrors.Conflict(type, target.Name!);
            }

            Prepare(target, obj, current);
            return obj;
        }, IsDryRun(request), target.Subresource == "status");
        return ResourceRules.ToWire(type, updated, withKind: true);
    }

    public async Task<JsonObject> PatchAsync(ApiTarget target, HttpRequest request, CancellationToken ct)
    {
        var type = target.Type;
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json")
            || (type.Custom && mediaType == "application/strategic-merge-patch+json"))
        {
            throw KubeErrors.UnsupportedPatch(type.Custom);
        }

        var text = await HttpJson.ReadTextAsync(request, ct);
        var patch = mediaType == "application/json-patch+json" ? null : HttpJson.Parse(text, null) as JsonObject
            ?? throw KubeErrors.BadRequest("error decoding patch: the patch is not a JSON object");
        ThrowIfForcedConflict(target, request);
        var updated = store.Update(type, target.Namespace ?? "", target.Name!, current =>
        {
            var wire = ResourceRules.ToWire(type, current, withKind: true);
            var patched = mediaType switch
            {
                "application/json-patch+json" => JsonPatchApplier.Apply(wire, text),
                "application/merge-patch+json" => JsonMergePatch.Apply(wire, patch) as JsonObject ?? [],
                _ => StrategicMergePatch.Apply(wire, patch!),
            };
            var rv = (string?)patched["metadata"]?["resourceVersion"];
            if (!string.IsNullOrEmpty(rv) && rv != (string?)current["metadata"]!["resourceVersion"])
            {
                throw KubeErrors.Conflict(type, target.Name!);
            }

            var obj = ResourceRules.FromWire(type, patched);
            obj["metadata"]!["name"] = target.Name;
            BindNamespace(target, (JsonObject)obj["metadata"]!);
            Prepare(target, obj, current);
            return obj;
        }, IsDryRun(request), target.Subresource == "status");
        return ResourceRules.ToWire(type, updated, withKind: true);
    }

    public async Task<JsonObject> DeleteAsync(ApiTarget target, HttpRequest request, CancellationToken ct)
    {
        var type = target.Type;
        var text = await HttpJson.ReadTextAsync(request, ct);
        var options = text.Length == 0 ? null : HttpJson.Parse(text, null);
        var preconditions = options?["preconditions"];
        var (obj, gone) = store.Delete(type, target.Namespace ?? "", target.Name!,
            (string?)preconditions?["resourceVersion"], (string?)preconditions?["uid"], IsDryRun(request));
        if (type == ResourceCatalog.CustomResourceDefinitions && gone && !IsDryRun(request))
        {
            // The CRD finalizer's work, done at once: every custom resource of the definition goes with it.
            store.PurgeBucket(CustomResourceTypes.StorageKey((string?)obj["spec"]?["group"] ?? "", (string?)obj["spec"]?["names"]?["plural"] ?? ""));
        }

        if (type == ResourceCatalog.Namespaces && gone && !IsDryRun(request))
        {
            // The namespace controller's work happens at once: contents go, then the namespace.
            store.PurgeNamespace(target.Name!);
            obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        }

        if (!gone || type.ReturnDeletedObject)
        {
            return ResourceRules.ToWire(type, obj, withKind: true);
        }

        var details = new JsonObject { ["name"] = target.Name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        details["uid"] = (string?)obj["metadata"]!["uid"];
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    /// <summary>DELETE on a collection: deletes what the selectors match and returns them as a list.</summary>
    public JsonObject DeleteCollection(ApiTarget target, IQueryCollection query, ResourceReads reads)
    {
        var list = reads.List(target, query);
        foreach (var item in list["items"]!.AsArray())
        {
            var meta = item!["metadata"]!;
            store.Delete(target.Type, (string?)meta["namespace"] ?? "", (string)meta["name"]!, null, null);
        }

        return list;
    }

    /// <summary>An update or patch's object after the strategy (PrepareForUpdate, validation, a CRD's status).</summary>
    private void Prepare(ApiTarget target, JsonObject obj, JsonObject current)
    {
        var status = target.Subresource == "status";
        ResourceRules.PrepareUpdate(target.Type, obj, current, status);
        ResourceRules.Validate(target.Type, obj, current);
        if (target.Type == ResourceCatalog.CustomResourceDefinitions && !status)
        {
            CrdRules.SetStatus(obj, current, clock.GetUtcNow());
        }
    }

    /// <summary>?dryRun=All: everything but the write. Any other value is rejected as the real server does.</summary>
    private static bool IsDryRun(HttpRequest request) => request.Query["dryRun"].ToString() switch
    {
        "" => false,
        "All" => true,
        var other => throw KubeErrors.BadRequest($"dryRun: Unsupported value: \"{other}\": supported values: \"All\""),
    };

    private static void BindNamespace(ApiTarget target, JsonObject meta)
    {
        if (!target.Type.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }

        if ((string?)meta["namespace"] is { Length: > 0 } ns && ns != target.Namespace)
        {
            throw KubeErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        meta["namespace"] = target.Namespace;
    }

    private void ThrowIfForcedConflict(ApiTarget target, HttpRequest request)
    {
        if (!request.HttpContext.Items.ContainsKey(KubeFaults.ExemptItem) && faults.TakeConflict(target.Type.Plural))
        {
            throw KubeErrors.Conflict(target.Type, target.Name!);
        }
    }
}
