using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Syncer.Tests.Install;

/// <summary>The objects `kubectl kustomize DIR` renders, as JSON, for assertions.</summary>
internal sealed class RenderedManifests
{
    public const string SyncerNamespace = "syncer-system";
    private const string WatchNamespacesKey = "Syncer__Discovery__WatchNamespaces__";

    // One kubectl run per directory for the whole test run: every test reads the same rendering.
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedManifests>>> Cache = new(StringComparer.Ordinal);

    private RenderedManifests(string yaml, IReadOnlyList<JsonObject> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public static TheoryData<string> Overlays => ["dev", "staging", "prod"];

    /// <summary>kubectl's output, as `kubectl apply -k` would send it.</summary>
    public string Yaml { get; }

    public IReadOnlyList<JsonObject> Objects { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The generated settings ConfigMap (kustomize appends a content hash to its name).</summary>
    public JsonObject Settings => Assert.Single(OfKind("ConfigMap"), c => ((string)c["metadata"]!["name"]!).StartsWith("syncer-config-", StringComparison.Ordinal));

    /// <summary>Syncer__Discovery__WatchNamespaces__N in order; empty means every namespace.</summary>
    public IReadOnlyList<string> WatchedNamespaces => [.. Settings["data"]!.AsObject()
        .Where(kv => kv.Key.StartsWith(WatchNamespacesKey, StringComparison.Ordinal))
        .OrderBy(kv => int.Parse(kv.Key[WatchNamespacesKey.Length..], System.Globalization.CultureInfo.InvariantCulture))
        .Select(kv => (string)kv.Value!)];

    /// <summary>
    /// The configuration Syncer's container starts with: the settings ConfigMap and the Deployment's literal environment
    /// variables, Section__Key turned into Section:Key as .NET's environment provider does.
    /// </summary>
    public IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(Settings["data"]!.AsObject().Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))
            .Concat((Container["env"]?.AsArray() ?? []).Where(e => e!["value"] is not null).Select(e => KeyValuePair.Create((string)e!["name"]!, (string?)e["value"])))
            .Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
        .Build();

    public JsonNode PodSpec => Single("Deployment", "syncer")["spec"]!["template"]!["spec"]!;

    public JsonNode Container => Assert.Single(PodSpec["containers"]!.AsArray())!;

    public static Task<RenderedManifests> RenderAsync(string relativeDirectory, CancellationToken cancellationToken) =>
        Cache.GetOrAdd(relativeDirectory, dir => new Lazy<Task<RenderedManifests>>(() => RenderUncachedAsync(dir))).Value.WaitAsync(cancellationToken);

    public static Task<RenderedManifests> RenderOverlayAsync(string overlay, CancellationToken cancellationToken) =>
        RenderAsync($"kustomize/overlays/{overlay}", cancellationToken);

    /// <summary>Every YAML document of <paramref name="yaml"/> as JSON (scalars as strings: read them with Bool/Long).</summary>
    public static IReadOnlyList<JsonObject> ParseYaml(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var objects = new List<JsonObject>();
        var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is { } document)
            {
                objects.Add(JsonNode.Parse(json.Serialize(document))!.AsObject());
            }
        }

        return objects;
    }

    /// <summary>A file of the repository, parsed (its first YAML document).</summary>
    public static JsonObject ReadYamlFile(string relativePath) =>
        ParseYaml(File.ReadAllText(Path.Combine(RepositoryRoot, relativePath)))[0];

    // YamlDotNet reads untyped scalars as strings; these read them back as the YAML types they are.
    public static bool Bool(JsonNode? node) => bool.Parse(node?.ToString() ?? throw new ArgumentNullException(nameof(node)));

    public static long Long(JsonNode? node) => long.Parse(node?.ToString() ?? throw new ArgumentNullException(nameof(node)), System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind, string name) =>
        Assert.Single(Objects, o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name);

    public JsonObject SingleOfKind(string kind) => Assert.Single(OfKind(kind));

    private static async Task<RenderedManifests> RenderUncachedAsync(string relativeDirectory)
    {
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(
            "kubectl", ["kustomize", Path.Combine(RepositoryRoot, relativeDirectory)], CancellationToken.None);
        Assert.True(exitCode == 0, $"kubectl kustomize {relativeDirectory} failed: {stderr}");
        return new RenderedManifests(stdout, ParseYaml(stdout));
    }

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
