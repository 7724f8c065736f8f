namespace Syncer.Scheduling;

/// <summary>What changed in a Secret since the scheduler last acted on it.</summary>
[Flags]
internal enum SecretChange
{
    None = 0,

    /// <summary>Not scheduled yet in this process.</summary>
    New = 1,

    /// <summary>Same name, new uid: deleted and created again between two events.</summary>
    Recreated = 2,

    /// <summary><c>syncer.io/refresh</c> or <c>syncer.io/schedule</c> changed: the periodic trigger is rebuilt.</summary>
    Schedule = 4,

    /// <summary>An input annotation other than <c>syncer.io/force-sync</c> changed.</summary>
    Inputs = 8,

    /// <summary><c>syncer.io/force-sync</c> got a new value.</summary>
    ForceSync = 16,
}
