using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Crds;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// The per-resource strategy in one place: decoding from / encoding to the wire, PrepareForCreate/Update and
/// validation. Objects are stored without kind/apiVersion (and Events in the core/v1 shape).
/// </summary>
internal static class ResourceRules
{
    /// <summary>Wire body to storage shape (400 for undecodable MicroTime fields).</summary>
    public static JsonObject FromWire(ResourceType type, JsonObject body)
    {
        MicroTime.Check(type, body);
        var obj = type == ResourceCatalog.Events ? EventConverter.ToCore(body) : (JsonObject)body.DeepClone();
        obj.Remove("kind");
        obj.Remove("apiVersion");
        if (obj["metadata"] is not JsonObject)
        {
            obj["metadata"] = new JsonObject();
        }

        return obj;
    }

    /// <summary>Storage shape to wire: kind/apiVersion first (single objects, watch events) or left out (list items).</summary>
    public static JsonObject ToWire(ResourceType type, JsonObject stored, bool withKind)
    {
        var source = type == ResourceCatalog.Events ? EventConverter.ToEventsV1(stored) : stored;
        var result = new JsonObject();
        if (withKind)
        {
            result["kind"] = type.Kind;
            result["apiVersion"] = type.ApiVersion;
        }

        foreach (var (key, value) in source)
        {
            if (key is not "kind" and not "apiVersion")
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    public static void PrepareCreate(ResourceType type, JsonObject obj)
    {
        if (type == ResourceCatalog.Secrets)
        {
            SecretRules.Normalize(obj);
        }
        else if (type == ResourceCatalog.Namespaces)
        {
            var name = (string?)obj["metadata"]!["name"] ?? "";
            var labels = obj["metadata"]!["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = name;
            obj["metadata"]!["labels"] = labels;
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == ResourceCatalog.Pods)
        {
            obj["status"] = PodRules.CreatedStatus(obj);
        }
        else if (type.Custom)
        {
            obj.Remove("status"); // a status subresource owns it (customresource strategy PrepareForCreate)
        }
        else if (type == ResourceCatalog.Services)
        {
            ServiceRules.Default(obj, null);
            obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        }
        else if (type.HasStatus && type != ResourceCatalog.Nodes) // a Node may be created with its status
        {
            obj["status"] = new JsonObject();
        }

        Default(type, obj);
    }

    private static void Default(ResourceType type, JsonObject obj)
    {
        WorkloadDefaults.Apply(type, obj);
        if (type.Group == ResourceCatalog.Rbac)
        {
            RbacRules.Default(obj);
        }
        else if (type == ResourceCatalog.CustomResourceDefinitions)
        {
            CrdRules.Default(obj);
        }
    }

    /// <summary>Main resource writes keep the status; /status writes keep the spec (<see cref="StatusSubresource"/>).</summary>
    public static void PrepareUpdate(ResourceType type, JsonObject obj, JsonObject old, bool statusSubresource)
    {
        if (statusSubresource)
        {
            StatusSubresource.PrepareUpdate(type, obj, old);
            return;
        }

        Default(type, obj);
        if (type == ResourceCatalog.Services)
        {
            ServiceRules.Default(obj, old);
        }

        if (type == ResourceCatalog.Secrets)
        {
            SecretRules.Normalize(obj);
        }

        if (type.HasStatus)
        {
            obj["status"] = old["status"]?.DeepClone();
        }

        if (type == ResourceCatalog.Namespaces)
        {
            obj["spec"] = old["spec"]?.DeepClone();
            obj["metadata"]!["labels"] ??= new JsonObject();
            obj["metadata"]!["labels"]!["kubernetes.io/metadata.name"] = (string?)old["metadata"]!["name"];
        }
    }

    /// <summary>Throws 422 Invalid with every error found (name, namespace, type-specific rules).</summary>
    public static void Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var meta = obj["metadata"]!;
        var name = (string?)meta["name"];
        var errors = new List<FieldError>();
        if (old is null)
        {
            errors.AddRange(ObjectMeta.ValidateName(type, name));
        }

        errors.AddRange(ObjectMeta.ValidateAnnotations(meta["annotations"] as JsonObject));

        if (type == ResourceCatalog.Secrets)
        {
            errors.AddRange(SecretRules.Validate(obj, old));
        }
        else if (type.StorageKey == "events" && old is null)
        {
            errors.AddRange(EventRules.ValidateCreate(obj, eventsApi: type == ResourceCatalog.Events));
        }
        else if (type == ResourceCatalog.ConfigMaps)
        {
            foreach (var field in new[] { "data", "binaryData" })
            {
                foreach (var (key, _) in obj[field] as JsonObject ?? [])
                {
                    errors.AddRange(ConfigKeys.Validate($"{field}[{key}]", key));
                }

                if ((bool?)old?["immutable"] == true && !JsonNode.DeepEquals(old[field] ?? new JsonObject(), obj[field] ?? new JsonObject()))
                {
                    errors.Add(FieldError.Forbidden(field, "field is immutable when `immutable` is set"));
                }
            }

            if ((bool?)old?["immutable"] == true && (bool?)obj["immutable"] != true)
            {
                errors.Insert(0, FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
            }
        }

        else if (type.Group == ResourceCatalog.Rbac)
        {
            errors.AddRange(RbacRules.Validate(type, obj, old));
        }
        else if (type == ResourceCatalog.CustomResourceDefinitions)
        {
            errors.AddRange(CrdRules.Validate(obj));
        }

        if (errors.Count > 0)
        {
            throw KubeErrors.Invalid(type, name ?? "", errors);
        }
    }
}
