using Prometheus;

namespace Syncer.Observability;

/// <summary>
/// Every metric Syncer exports, built from an injected <see cref="IMetricFactory"/> (tests pass one over
/// <c>Metrics.NewCustomRegistry()</c>). Names: <c>syncer_</c> prefix, <c>_total</c> counters, <c>_seconds</c> in base
/// units; label values are bounded (no Secret names, paths or tokens).
/// </summary>
internal sealed class SyncerMetrics
{
    public const string VaultRequests = "syncer_vault_requests_total";
    public const string VaultRequestDuration = "syncer_vault_request_duration_seconds";
    public const string VaultRetries = "syncer_vault_retries_total";
    public const string VaultReadsShared = "syncer_vault_reads_shared_total";
    public const string VaultLogins = "syncer_vault_logins_total";
    public const string VaultTokenRenewals = "syncer_vault_token_renewals_total";
    public const string VaultTokenExpiry = "syncer_vault_token_expiry_seconds";
    public const string VaultRateLimited = "syncer_vault_rate_limited_total";

    public const string Syncs = "syncer_syncs_total";
    public const string SyncDuration = "syncer_sync_duration_seconds";
    public const string SyncFailures = "syncer_sync_failures_total";
    public const string SecretWrites = "syncer_secret_writes_total";
    public const string ManagedSecrets = "syncer_managed_secrets";
    public const string LastSuccessfulSync = "syncer_last_successful_sync_timestamp_seconds";
    public const string StalestSecretAge = "syncer_stalest_secret_age_seconds";
    public const string HashKeyIncidents = "syncer_hash_key_incidents_total";

    public const string WatchRestarts = "syncer_watch_restarts_total";

    public const string Leader = "syncer_leader";
    public const string BuildInfo = "syncer_build_info";

    public const string Rollouts = "syncer_rollouts_total";
    public const string RolloutsInProgress = "syncer_rollouts_in_progress";
    public const string RolloutsWaiting = "syncer_rollouts_waiting";

    public SyncerMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);

        VaultRequestsTotal = factory.CreateCounter(VaultRequests, "Vault HTTP requests by operation and status class (2xx, 4xx, 5xx, error).", ["operation", "status_class"]);
        VaultRequestSeconds = factory.CreateHistogram(VaultRequestDuration, "Vault HTTP request latency.", new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = Histogram.ExponentialBuckets(0.001, 2, 14),
        });
        VaultRetriesTotal = factory.CreateCounter(VaultRetries, "Vault requests retried, by reason (status code class or transport).", ["reason"]);
        VaultReadsSharedTotal = factory.CreateCounter(VaultReadsShared, "Vault reads answered by a concurrent or recent identical read instead of a new request.");
        VaultLoginsTotal = factory.CreateCounter(VaultLogins, "Vault logins by auth method and result.", ["method", "result"]);
        VaultTokenRenewalsTotal = factory.CreateCounter(VaultTokenRenewals, "Vault token renewals by result.", ["result"]);
        VaultTokenExpirySeconds = factory.CreateGauge(VaultTokenExpiry, "Seconds until the shared Vault token expires (negative when expired).");
        VaultRateLimitedTotal = factory.CreateCounter(VaultRateLimited, "Vault requests that waited for the client-side rate limiter.");

        SyncsTotal = factory.CreateCounter(Syncs, "Secret syncs by result (changed, unchanged, failed).", ["result"]);
        SyncSeconds = factory.CreateHistogram(SyncDuration, "Time to sync one Secret, Vault read included.", new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.001, 2, 16),
        });
        SyncFailuresTotal = factory.CreateCounter(SyncFailures, "Failed syncs by reason (bad annotation, forbidden, source missing, vault unavailable, ...).", ["reason"]);
        SecretWritesTotal = factory.CreateCounter(SecretWrites, "Writes of Secret data or status annotations to Kubernetes, by kind (data, status).", ["kind"]);
        ManagedSecretsGauge = factory.CreateGauge(ManagedSecrets, "Labeled Secrets Syncer currently manages.");
        LastSuccessfulSyncTimestamp = factory.CreateGauge(LastSuccessfulSync, "Unix time of the last successful sync of any Secret.");
        StalestSecretAgeSeconds = factory.CreateGauge(StalestSecretAge, "Age of the oldest last-successful-sync among managed Secrets.");
        HashKeyIncidentsTotal = factory.CreateCounter(HashKeyIncidents, "Incidents of the data-hash key Secret by kind (recreated, lost, mismatch).", ["kind"]);

        WatchRestartsTotal = factory.CreateCounter(WatchRestarts, "Kubernetes watches restarted, by resource and reason (closed, expired, error).", ["resource", "reason"]);

        LeaderGauge = factory.CreateGauge(Leader, "1 while this replica holds the leader Lease (it syncs, writes and rolls), 0 on standby.");
        var (version, commit) = BuildVersion.Of(typeof(SyncerMetrics).Assembly);
        factory.CreateGauge(BuildInfo, "Always 1; the labels say which build runs.", ["version", "commit"]).WithLabels(version, commit).Set(1);

        RolloutsTotal = factory.CreateCounter(Rollouts,
            "Workload rollouts by kind (deployment, statefulset, daemonset) and result: triggered (patch accepted), completed, failed (patch refused), stalled.",
            ["kind", "result"]);
        RolloutsInProgressGauge = factory.CreateGauge(RolloutsInProgress, "Rollouts Syncer started that are in progress (not finished, not stalled): what the cap counts.");
        RolloutsWaitingGauge = factory.CreateGauge(RolloutsWaiting, "Workloads owing a rollout that Syncer holds back, by reason (paused, cap).", ["reason"]);
    }

    public Counter VaultRequestsTotal { get; }
    public Histogram VaultRequestSeconds { get; }
    public Counter VaultRetriesTotal { get; }
    public Counter VaultReadsSharedTotal { get; }
    public Counter VaultLoginsTotal { get; }
    public Counter VaultTokenRenewalsTotal { get; }
    public Gauge VaultTokenExpirySeconds { get; }
    public Counter VaultRateLimitedTotal { get; }

    public Counter SyncsTotal { get; }
    public Histogram SyncSeconds { get; }
    public Counter SyncFailuresTotal { get; }
    public Counter SecretWritesTotal { get; }
    public Gauge ManagedSecretsGauge { get; }
    public Gauge LastSuccessfulSyncTimestamp { get; }
    public Gauge StalestSecretAgeSeconds { get; }
    public Counter HashKeyIncidentsTotal { get; }

    public Counter WatchRestartsTotal { get; }

    public Gauge LeaderGauge { get; }

    public Counter RolloutsTotal { get; }
    public Gauge RolloutsInProgressGauge { get; }
    public Gauge RolloutsWaitingGauge { get; }
}
