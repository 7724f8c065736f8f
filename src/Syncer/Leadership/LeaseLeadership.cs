using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Observability;
using Syncer.Sync;

namespace Syncer.Leadership;

/// <summary>
/// Leader election through a Lease in Syncer's own namespace, with the KubernetesClient's <see cref="LeaderElector"/>
/// and <see cref="LeaseLock"/>. A term begins when the elector starts leading and ends, cancelling its token, when it
/// stops renewing (renew deadline passed) or at once when it sees another holder in the Lease. Each round of the
/// elector runs under its own token, cancelled when the round ends, because the elector leaves its renewal task
/// running after a renew deadline passes. The elector does not release the Lease when cancelled, so a graceful stop
/// does (client-go's ReleaseOnCancel): holder cleared, and a standby takes over at its next retry instead of after the
/// lease duration. Hosted before everything that acts under leadership, so it stops after they finished.
/// </summary>
internal sealed class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly LeaderElectionOptions _options;
    private readonly LeaseLock _lock;
    private readonly LeaderElector _elector;
    private readonly LeadershipTerms _terms = new();
    private readonly SyncerMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LeaseLeadership> _logger;
    private CancellationTokenSource? _round;

    public LeaseLeadership(
        IKubernetes kubernetes,
        IOptions<LeaderElectionOptions> options,
        IOptions<SyncOptions> sync,
        SyncerMetrics metrics,
        TimeProvider timeProvider,
        ILogger<LeaseLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sync);
        (_options, _metrics, _timeProvider, _logger) = (options.Value, metrics, timeProvider, logger);
        Identity = _options.Identity!; // LeaderIdentity fills it when unset
        Lease = $"{sync.Value.Namespace ?? OwnNamespace.Default}/{_options.LeaseName}";
        _lock = new LeaseLock(kubernetes, sync.Value.Namespace ?? OwnNamespace.Default, _options.LeaseName, Identity);
        _lock.OnHttpError += OnLeaseRequestFailed;
        _elector = new LeaderElector(new LeaderElectionConfig(_lock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        _elector.OnStartedLeading += OnStartedLeading;
        _elector.OnStoppedLeading += OnStoppedLeading;
        _elector.OnNewLeader += OnNewLeader;
        _elector.OnError += OnElectionError;
        _metrics.LeaderGauge.Set(0);
    }

    /// <summary>This replica's <c>holderIdentity</c>.</summary>
    public string Identity { get; }

    /// <summary>namespace/name of the Lease.</summary>
    public string Lease { get; }

    public bool IsLeader => _terms.IsLeading;

    public CancellationToken Token => _terms.Token;

    public DateTimeOffset? LeadingSince => _terms.Since;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _terms.WaitAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var leading = _terms.IsLeading;
        await base.StopAsync(cancellationToken); // ends the round: the elector stops renewing and the term ends
        if (leading)
        {
            await new LeaseRelease(_lock, Identity, Lease, _timeProvider, _logger).ReleaseAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _elector.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Electing(_logger, Identity, Lease, _options.LeaseDuration, _options.RenewDeadline, _options.RetryPeriod);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await RunRoundAsync(stoppingToken))
                {
                    await Task.Delay(_options.RetryPeriod, _timeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One round of the elector: acquire, lead until the term ends, and stop everything the round started.</summary>
    /// <returns>False when the round failed before it could lead or observe (the API server unreachable, say).</returns>
    private async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Volatile.Write(ref _round, round);
        try
        {
            await _elector.RunUntilLeadershipLostAsync(round.Token);
            return true;
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested)
        {
            return true; // stopping, or this replica saw another holder and ended the round itself
        }
        catch (Exception ex)
        {
            Log.ElectionFailed(_logger, ex, Lease, _options.RetryPeriod); // the elector only absorbs HTTP error answers
            return false;
        }
        finally
        {
            Volatile.Write(ref _round, null);
            await round.CancelAsync(); // stops the renewal task the elector leaves behind after a renew deadline
            EndTerm(stoppingToken.IsCancellationRequested ? null : "its election round ended");
        }
    }

    private void OnStartedLeading()
    {
        if (_terms.Begin(_timeProvider.GetUtcNow()))
        {
            _metrics.LeaderGauge.Set(1);
            Log.StartedLeading(_logger, Identity, Lease);
        }
    }

    private void OnStoppedLeading() =>
        EndTerm(Volatile.Read(ref _round) is { IsCancellationRequested: true } ? null : "it could not renew the Lease within the renew deadline");

    /// <param name="lostBecause">Why leadership was lost; null for a graceful stop.</param>
    private void EndTerm(string? lostBecause)
    {
        if (_terms.End())
        {
            _metrics.LeaderGauge.Set(0);
            if (lostBecause is null)
            {
                Log.StoppedLeading(_logger, Identity, Lease);
            }
            else
            {
                Log.LostLeadership(_logger, Identity, Lease, lostBecause);
            }
        }
    }

    private void OnNewLeader(string? holder)
    {
        Log.LeaderObserved(_logger, Lease, string.IsNullOrEmpty(holder) ? "nobody (released)" : holder);
        if (holder != Identity && _terms.IsLeading)
        {
            // Someone else holds the Lease: stop at once rather than at the renew deadline, and start a new round.
            EndTerm($"the Lease is held by {holder}");
            Volatile.Read(ref _round)?.Cancel();
        }
    }

    private void OnElectionError(Exception? exception)
    {
        if (exception is OperationCanceledException || exception?.InnerException is OperationCanceledException
            || Volatile.Read(ref _round) is not { IsCancellationRequested: false })
        {
            return; // the round was cancelled: not an error
        }

        Log.ElectionFailed(_logger, exception ?? new InvalidOperationException("unknown leader election error"), Lease, _options.RetryPeriod);
    }

    private void OnLeaseRequestFailed(HttpOperationException exception)
    {
        if (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            Log.LeaseConflict(_logger, Lease); // another replica wrote first: the election's normal race
            return;
        }

        Log.LeaseRequestRefused(_logger, Lease, (int)exception.Response.StatusCode, exception.Response.ReasonPhrase ?? exception.Message);
    }
}
