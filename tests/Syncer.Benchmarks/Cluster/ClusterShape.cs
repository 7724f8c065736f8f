namespace Syncer.Benchmarks.Cluster;

/// <summary>
/// The seeded cluster: <see cref="Secrets"/> labeled Secrets spread evenly over <see cref="Namespaces"/>
/// namespaces, each namespace with its own block of Vault paths (the default tenancy grant, <c>secret/&lt;ns&gt;/...</c>)
/// read by contiguous runs of Secrets, and Deployments each consuming (envFrom) a contiguous run of Secrets.
/// With PRODUCT.md's sizes: 100 Secrets, 10 paths and 50 Deployments per namespace; 10 Secrets read one path, and
/// each Deployment consumes 2 Secrets of the same path, so a rotated path changes both Secrets of its consumers
/// (one rollout must cover two changes).
/// </summary>
internal sealed record ClusterShape(int Secrets, int Namespaces, int Paths, int Workloads)
{
    public const string Mount = "secret";

    public int SecretsPerNamespace => Secrets / Namespaces;
    public int PathsPerNamespace => Paths / Namespaces;
    public int WorkloadsPerNamespace => Workloads / Namespaces;
    private int SecretsPerPath => SecretsPerNamespace / PathsPerNamespace;
    private int SecretsPerWorkload => WorkloadsPerNamespace == 0 ? 0 : SecretsPerNamespace / WorkloadsPerNamespace;

    /// <summary>As <paramref name="secrets"/> scales the default shape (1 path per 10 Secrets, 1 Deployment per 2).</summary>
    public static ClusterShape Scaled(int secrets, int namespaces) => new(secrets, namespaces, secrets / 10, secrets / 2);

    public void Validate()
    {
        if (Secrets <= 0 || Namespaces <= 0 || Paths <= 0 || Secrets % Namespaces != 0 || Paths % Namespaces != 0
            || SecretsPerNamespace % PathsPerNamespace != 0 || Workloads % Namespaces != 0
            || (Workloads > 0 && SecretsPerNamespace % WorkloadsPerNamespace != 0))
        {
            throw new ArgumentException($"the shape {this} does not divide evenly: Secrets and Paths and Workloads must be multiples of Namespaces, and per namespace Secrets a multiple of paths and of workloads");
        }
    }

    public static string NamespaceName(int ns) => $"team-{ns:D3}";
    public static string SecretName(int j) => $"s-{j:D5}";
    public static string WorkloadName(int k) => $"w-{k:D5}";

    /// <summary>The path under <see cref="Mount"/>, e.g. team-003/app-004.</summary>
    public static string PathName(int ns, int p) => $"{NamespaceName(ns)}/app-{p:D3}";

    public IEnumerable<SecretRef> AllSecrets() =>
        from ns in Enumerable.Range(0, Namespaces)
        from j in Enumerable.Range(0, SecretsPerNamespace)
        select new SecretRef(NamespaceName(ns), SecretName(j), PathName(ns, j / SecretsPerPath));

    public IEnumerable<(int Ns, int P)> AllPaths() =>
        from ns in Enumerable.Range(0, Namespaces) from p in Enumerable.Range(0, PathsPerNamespace) select (ns, p);

    public IEnumerable<WorkloadRef> AllWorkloads() =>
        from ns in Enumerable.Range(0, Namespaces)
        from k in Enumerable.Range(0, WorkloadsPerNamespace)
        select new WorkloadRef(NamespaceName(ns), WorkloadName(k),
            [.. Enumerable.Range(k * SecretsPerWorkload, SecretsPerWorkload).Select(SecretName)]);

    /// <summary><paramref name="percent"/>% of the paths (at least one), one per namespace round-robin.</summary>
    public IReadOnlyList<(int Ns, int P)> Rotated(double percent)
    {
        var count = Math.Max(1, (int)Math.Round(Paths * percent / 100));
        return [.. Enumerable.Range(0, count).Select(i => (i % Namespaces, i / Namespaces))];
    }

    /// <summary>Burst Secrets: new names over the existing paths, namespace by namespace, consumed by nobody.</summary>
    public IEnumerable<SecretRef> BurstSecrets(int count, string prefix) =>
        Enumerable.Range(0, count).Select(i =>
            new SecretRef(NamespaceName(i % Namespaces), $"{prefix}-{i:D5}", PathName(i % Namespaces, i / Namespaces % PathsPerNamespace)));
}

/// <summary>A Secret of the seeded cluster and the path (under <see cref="ClusterShape.Mount"/>) it reads.</summary>
internal sealed record SecretRef(string Namespace, string Name, string Path)
{
    public string Key => $"{Namespace}/{Name}";
}

/// <summary>A Deployment and the Secrets (same namespace) it consumes through envFrom.</summary>
internal sealed record WorkloadRef(string Namespace, string Name, IReadOnlyList<string> Secrets)
{
    public string Key => $"{Namespace}/{Name}";
}
