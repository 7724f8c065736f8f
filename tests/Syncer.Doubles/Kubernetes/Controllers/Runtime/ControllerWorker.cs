using System.Net;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// One controller's loop: take a key, reconcile it, and on failure try it again after a backoff (a conflict
/// included, though the newer object's watch event usually requeues it sooner).
/// </summary>
internal sealed class ControllerWorker(string name, WorkQueue queue, Func<string, CancellationToken, Task> reconcile, ILogger logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            string key;
            try
            {
                key = await queue.TakeAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await reconcile(key, ct);
                failures.Remove(key);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Written from a cache that had not caught up: routine, as for client-go controllers.
                var delay = Backoff.Delay(failures[key] = failures.GetValueOrDefault(key) + 1);
                Log.Conflict(logger, name, key, delay);
                queue.AddAfter(key, delay, TimeProvider.System, ct);
            }
            catch (Exception e)
            {
                var count = failures[key] = failures.GetValueOrDefault(key) + 1;
                var delay = Backoff.Delay(count);
                Log.ReconcileFailed(logger, e, name, key, delay);
                queue.AddAfter(key, delay, TimeProvider.System, ct);
            }
        }
    }
}
