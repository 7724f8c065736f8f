namespace Syncer.Discovery;

/// <summary>What readiness needs of any informer, whatever its kind.</summary>
internal interface IResourceInformer
{
    /// <summary>The resource's plural ("secrets").</summary>
    string Resource { get; }

    /// <summary>Every watched scope has been listed once.</summary>
    bool IsReady { get; }

    /// <summary>Since when a list or watch of some scope has kept failing (no success since); null when none is.</summary>
    DateTimeOffset? FailingSince { get; }

    Task WaitReadyAsync(CancellationToken cancellationToken);
}
