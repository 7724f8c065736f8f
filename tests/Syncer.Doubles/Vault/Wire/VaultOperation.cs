namespace Syncer.Doubles.Vault.Wire;

/// <summary>Vault's logical operations (V:http/logical.go buildLogicalRequestNoAuth); PUT and POST are both Write.</summary>
internal enum VaultOperation
{
    Read,
    List,
    Write,
    Delete,
    Patch,
    Head,
}
