using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>
/// One column of server-side printing (metav1.TableColumnDefinition): priority 0 shows by default, 1 with
/// <c>-o wide</c>. Names, types, formats and priorities are kubernetes pkg/printers/internalversion/printers.go's.
/// </summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn ObjectName(int priority = 0) => new("Name", "string", ColumnDescriptions.Name, priority, "name");

    public static TableColumn Age() => new("Age", "string", ColumnDescriptions.CreationTimestamp);

    public static TableColumn Containers() => new("Containers", "string", "Names of each container in the template.", 1);

    public static TableColumn Images() => new("Images", "string", "Images referenced by each container in the template.", 1);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
