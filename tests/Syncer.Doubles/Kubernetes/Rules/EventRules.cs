using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// ValidateEventCreate [k8s pkg/apis/core/validation/events.go]: the legacy rules for every Event (an Event with
/// eventTime needs reportingController/reportingInstance/action/reason), plus the strict events.k8s.io/v1 rules
/// (eventTime required, type Normal|Warning, deprecated* fields unset). Checked on the stored core/v1 shape.
/// </summary>
internal static class EventRules
{
    public static IEnumerable<FieldError> ValidateCreate(JsonObject ev, bool eventsApi)
    {
        var ns = (string?)ev["metadata"]?["namespace"] ?? "";
        var involvedNs = (string?)ev["involvedObject"]?["namespace"] ?? "";
        var controllerField = eventsApi ? "reportingController" : "reportingComponent";
        if (ev["eventTime"] is null)
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                yield return FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
            {
                yield return FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            }

            foreach (var (field, path, limit) in new[] { ("reportingComponent", controllerField, 0), ("reportingInstance", "reportingInstance", 128), ("action", "action", 128), ("reason", "reason", 128) })
            {
                var value = (string?)ev[field] ?? "";
                if (value.Length == 0)
                {
                    yield return FieldError.Required(path);
                }
                else if (limit > 0 && value.Length > limit)
                {
                    yield return FieldError.Invalid(path, "", $"can have at most {limit} characters");
                }
            }

            if (((string?)ev["message"] ?? "").Length > 1024)
            {
                yield return FieldError.Invalid("message", "", "can have at most 1024 characters");
            }
        }

        if (!eventsApi)
        {
            yield break;
        }

        if (ev["eventTime"] is null)
        {
            yield return FieldError.Required("eventTime");
        }

        if ((string?)ev["type"] is not ("Normal" or "Warning"))
        {
            yield return FieldError.Invalid("type", "", $"has invalid value: {(string?)ev["type"]}");
        }

        foreach (var (field, path) in new[] { ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp") })
        {
            if (ev[field] is not null)
            {
                yield return FieldError.Invalid(path, "", "needs to be unset");
            }
        }

        if (ev["count"] is JsonValue count && count.ToJsonString() != "0")
        {
            yield return FieldError.Invalid("deprecatedCount", "", "needs to be unset");
        }

        if (ev["source"] is JsonObject source && (source["component"] is not null || source["host"] is not null))
        {
            yield return FieldError.Invalid("deprecatedSource", "", "needs to be unset");
        }
    }
}
