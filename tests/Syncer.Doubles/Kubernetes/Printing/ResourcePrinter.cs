using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>
/// How the server prints one kind: its columns and the cells of one object's row (every column: the server
/// prints wide, kubectl hides priority-1 columns). Objects are in the stored shape (core/v1 for Events).
/// </summary>
internal sealed record ResourcePrinter(IReadOnlyList<TableColumn> Columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> Cells);
