namespace Syncer.Doubles.Kubernetes.Controllers.Revisions;

/// <summary>A revision name (owner name plus hash) already taken by another template: the owner bumps its collisionCount.</summary>
internal sealed class RevisionCollisionException(string name) : Exception($"controllerrevision {name} already exists with other data")
{
    public string Name { get; } = name;
}
