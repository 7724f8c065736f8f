namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>One validation error as apimachinery's field.Error renders it.</summary>
internal sealed record FieldError(string Reason, string Field, string Detail, string? BadValue = null)
{
    public static FieldError Required(string field, string detail = "") => new("FieldValueRequired", field, detail);

    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, detail, System.Text.Json.JsonSerializer.Serialize(value, KubeJson.Options));

    /// <summary>An invalid value Go prints unquoted (e.g. <c>0x0</c> for an empty resourceVersion).</summary>
    public static FieldError InvalidRaw(string field, string rendered, string detail) => new("FieldValueInvalid", field, detail, rendered);

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, detail);

    public static FieldError TooLong(string field, long max) =>
        new("FieldValueTooLong", field, $"may not be more than {max} bytes");

    /// <summary>"Invalid value: \"x\": detail", "Required value", "Forbidden: detail", "Too long: detail".</summary>
    public string Message => Reason switch
    {
        "FieldValueRequired" => Detail.Length == 0 ? "Required value" : $"Required value: {Detail}",
        "FieldValueInvalid" => $"Invalid value: {BadValue}: {Detail}",
        "FieldValueForbidden" => $"Forbidden: {Detail}",
        "FieldValueTooLong" => $"Too long: {Detail}",
        _ => Detail,
    };
}
