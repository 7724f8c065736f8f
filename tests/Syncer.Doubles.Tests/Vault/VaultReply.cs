using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>One raw answer of the double.</summary>
internal sealed record VaultReply(int Status, string Body, MediaTypeHeaderValue? ContentType, HttpResponseHeaders Headers)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public string[] Errors => Json["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
}
