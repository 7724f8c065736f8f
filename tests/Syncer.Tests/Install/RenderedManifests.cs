using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Syncer.Tests.Install;

/// <summary>The objects `kubectl kustomize DIR` renders, as JSON, for assertions.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<JsonObject> objects) => Objects = objects;

    public IReadOnlyList<JsonObject> Objects { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static async Task<RenderedManifests> RenderAsync(string relativeDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(RepositoryRoot, relativeDirectory)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {relativeDirectory} failed: {await stderr}");

        var yaml = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var objects = new List<JsonObject>();
        var parser = new YamlDotNet.Core.Parser(new StringReader(await stdout));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            var document = yaml.Deserialize(parser);
            if (document is not null)
            {
                objects.Add(JsonNode.Parse(json.Serialize(document))!.AsObject());
            }
        }

        return new RenderedManifests(objects);
    }

    // YamlDotNet reads untyped scalars as strings; these read them back as the YAML types they are.
    public static bool Bool(JsonNode? node) => bool.Parse(node?.ToString() ?? throw new ArgumentNullException(nameof(node)));

    public static long Long(JsonNode? node) => long.Parse(node?.ToString() ?? throw new ArgumentNullException(nameof(node)), System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind, string name) =>
        Assert.Single(Objects, o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name);

    public JsonObject SingleOfKind(string kind) => Assert.Single(OfKind(kind));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syncer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Syncer.sln not found above " + AppContext.BaseDirectory);
    }
}
