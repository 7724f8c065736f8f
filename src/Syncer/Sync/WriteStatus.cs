namespace Syncer.Sync;

internal enum WriteStatus
{
    Written,
    NothingToWrite,
    NotFound,
    NotManaged,
    Failed,
}
