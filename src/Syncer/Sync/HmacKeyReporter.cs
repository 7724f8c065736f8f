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
            _ =>
                $"The data-hash key Secret {ns}/{name} no longer holds the key this Syncer uses (replaced by hand?); this process keeps its key. " +
                "A restarted Syncer uses the stored one and rewrites each Secret's data-hash at its next scheduled sync (no data change, no rollout).",
        };

        Log.HmacKeyIncident(logger, ns, name, incident, message);
        metrics.HashKeyIncidentsTotal.WithLabels(incident.ToString().ToLowerInvariant()).Inc();
        var about = EventRecorder.SecretReference(ns, name, metadata.Uid, metadata.ResourceVersion);
        return events.RecordAsync(about, EventRecorder.Warning, EventReason(incident), message, cancellationToken);
    }
}
