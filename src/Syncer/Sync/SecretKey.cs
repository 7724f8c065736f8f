namespace Syncer.Sync;

/// <summary>Identifies one Secret. Also the identity of its Quartz job (<c>JobKey(Name, Namespace)</c>).</summary>
internal readonly record struct SecretKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
