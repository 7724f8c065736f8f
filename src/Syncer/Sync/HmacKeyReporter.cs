using k8s.Models;
using Microsoft.Extensions.Logging;
using Syncer.Kubernetes;
using Syncer.Observability;

namespace Syncer.Sync;

/// <summary>
/// The faces of a <see cref="HmacKeyIncident"/> (STYLE.md item 18): a Warning Event on the key Secret in Syncer's own
/// namespace, a log line and <c>syncer_hash_key_incidents_total{kind}</c>. No key bytes anywhere.
/// </summary>
internal sealed class HmacKeyReporter(EventRecorder events, SyncerMetrics metrics, ILogger<HmacKeyReporter> logger)
{
    public static string EventReason(HmacKeyIncident incident) => incident switch
    {
        HmacKeyIncident.Recreated => "HashKeyRecreated",
        HmacKeyIncident.Lost => "HashKeyLost",
        HmacKeyIncident.Unusable => "HashKeyUnusable",
        _ => "HashKeyMismatch",
    };

    public Task ReportAsync(V1Secret secret, HmacKeyIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var metadata = secret.Metadata;
        var (ns, name) = (metadata.NamespaceProperty, metadata.Name);
        var message = incident switch
        {
            HmacKeyIncident.Recreated =>
                $"The data-hash key Secret {ns}/{name} was deleted; Syncer created it again with the key it holds, so every syncer.io/data-hash stays valid. Find out who deleted it.",
            HmacKeyIncident.Lost =>
                $"The data-hash key Secret {ns}/{name} was missing while managed Secrets carry data-hashes (deleted while Syncer was down); Syncer created a new key. " +
                "Each Secret's syncer.io/data-hash is rewritten at its next scheduled sync (a status write: no data change, no rollout); until then Syncer removes none of its keys.",
            HmacKeyIncident.Unusable =>
                $"The data-hash key Secret {ns}/{name} holds no usable key (data key '{HmacKeyStore.DataKey}' of at least {HmacKeyStore.KeyLength} bytes); this process keeps its key. " +
                "Delete the Secret and Syncer stores its key there again.",
            _ =>
                $"The data-hash key Secret {ns}/{name} holds another key than the one this Syncer used (replaced by hand, or created by another replica); Syncer now uses the stored key. " +
                "Each Secret's syncer.io/data-hash is rewritten at its next scheduled sync (a status write: no data change, no rollout).",
        };

        Log.HmacKeyIncident(logger, ns, name, incident, message);
        metrics.HashKeyIncidentsTotal.WithLabels(incident.ToString().ToLowerInvariant()).Inc();
        var about = EventRecorder.SecretReference(ns, name, metadata.Uid, metadata.ResourceVersion);
        return events.RecordAsync(about, EventRecorder.Warning, EventReason(incident), message, cancellationToken);
    }
}
