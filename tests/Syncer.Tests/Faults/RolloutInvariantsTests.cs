using System.Text;
using k8s.Models;
using Syncer.Chaos.Checking;
using Syncer.Chaos.Leaks;
using Syncer.Chaos.World;
using Syncer.Doubles.Vault;

namespace Syncer.Tests.Faults;

/// <summary>
/// The chaos run's rollout checker (and the Secret checker's revision count) finds each way rollouts can go wrong, from
/// versions as a watch would show them, and nothing in a history where they go right: the Deployment <c>web</c>
/// consumes the Secret <c>s0</c> (filled from <c>secret/chaos-0/p0</c>); <c>s1</c> is nobody's.
/// </summary>
public sealed class RolloutInvariantsTests : IAsyncLifetime
{
    private const string Ns = "chaos-0";
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Violations _violations = new();
    private VaultDouble? _vault;
    private VaultHistory? _history;
    private SecretInvariants? _secrets;
    private RolloutInvariants? _rollouts;
    private int _resourceVersion;

    public async ValueTask InitializeAsync()
    {
        _vault = await VaultDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _history = new VaultHistory(_vault, new LeakValues(new Random(3)));
        _secrets = new SecretInvariants(_history, _violations);
        var specs = new[] { "s0", "s1" }.Select(name => new SecretSpec(Ns, name, $"secret/{Ns}/p{name[1]}", new Dictionary<string, (string, string)>(), 5)).ToList();
        specs.ForEach(_secrets.Expect);
        var plan = new WorldPlan([Ns], [.. specs.Select(s => s.WholePath!)], specs, [new WorkloadSpec("Deployment", Ns, "web", ["s0"])]);
        _rollouts = new RolloutInvariants(_secrets, plan, Debounce, _violations);
        Write("s0", revision: 1, at: T0);
        Write("s1", revision: 1, at: T0);
        Workload(restartedAt: null, rolledFor: null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    [Fact]
    public void OneRolloutAfterEachChange_AtLeastTheWindowApart_IsNoViolation()
    {
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: true);
        Workload(T0.AddSeconds(13), "s0=2");
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: false, newData: false);
        Write("s0", revision: 3, at: T0.AddSeconds(14), pending: true);
        Workload(T0.AddSeconds(17), "s0=3"); // the window's length after the first, less the truncation
        Write("s0", revision: 3, at: T0.AddSeconds(14), pending: false, newData: false);
        Write("s1", revision: 2, at: T0.AddSeconds(20)); // nobody consumes s1: nothing owed

        _rollouts!.CheckAtEnd();

        Assert.Empty(_violations.All);
        Assert.Empty(_rollouts.Unsettled());
        Assert.Equal(2, _rollouts.Rollouts);
        Assert.True(_violations.ChecksByInvariant[RolloutInvariants.OncePerWindow] >= 1);
    }

    [Fact]
    public void TwoRolloutsWithinTheDebounceWindow_AreAViolation()
    {
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: true);
        Workload(T0.AddSeconds(13), "s0=2");
        Write("s0", revision: 3, at: T0.AddSeconds(14), pending: true);
        Workload(T0.AddSeconds(14), "s0=3"); // 1 s later: less than the window even allowing for whole seconds

        Assert.Equal([RolloutInvariants.OncePerWindow], Found());
    }

    [Theory]
    [InlineData("s0=2", "rolled-for unchanged")]
    [InlineData("s0=2,s1=2", "for a Secret it does not consume")]
    [InlineData("s0=5", "for a revision the Secret never showed")]
    [InlineData("s0=1", "back to an older revision")]
    public void ARolloutNotForADataChangeItConsumes_IsAViolation(string rolledFor, string why)
    {
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: true);
        Write("s1", revision: 2, at: T0.AddSeconds(10));
        Workload(T0.AddSeconds(13), "s0=2");
        Workload(T0.AddSeconds(20), rolledFor);

        _rollouts!.CheckAtEnd();

        Assert.True(Found().Contains(RolloutInvariants.OnlyForChanges), why);
    }

    [Fact]
    public void ARolloutForTheFirstFill_IsAViolation()
    {
        Workload(T0.AddSeconds(3), "s0=1");

        _rollouts!.CheckAtEnd();

        Assert.Equal([RolloutInvariants.OnlyForChanges], Found());
    }

    [Fact]
    public void RolledForMovingWithoutARollout_IsAViolation()
    {
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: true);
        Workload(restartedAt: null, rolledFor: "s0=2");

        Assert.Equal([RolloutInvariants.OnlyForChanges], Found());
    }

    [Fact]
    public void AConsumerNotRolledForTheLastChange_IsUnsettled_AndAViolationAtTheEnd()
    {
        Write("s0", revision: 2, at: T0.AddSeconds(10), pending: true);
        Workload(T0.AddSeconds(13), "s0=2");
        Write("s0", revision: 3, at: T0.AddSeconds(30)); // the mark never set: the change is rolled by no one

        Assert.Single(_rollouts!.Unsettled());
        _rollouts.CheckAtEnd();
        Assert.Equal([RolloutInvariants.RolledAfterLastChange], Found());
    }

    [Fact]
    public void ARolloutRecordedBeforeTheChangeWasWritten_IsAViolation()
    {
        Write("s0", revision: 2, at: T0.AddSeconds(30));
        Workload(T0.AddSeconds(20), "s0=2");

        _rollouts!.CheckAtEnd();

        Assert.Equal([RolloutInvariants.RolledAfterLastChange], Found());
    }

    [Theory]
    [InlineData(true, 3, "a change counted twice")]
    [InlineData(false, 2, "a revision without a data change")]
    public void ADataRevisionThatDoesNotCountDataChanges_IsAViolation(bool newData, long revision, string why)
    {
        Write("s0", revision, at: T0.AddSeconds(10), newData: newData);

        Assert.True(Found().SequenceEqual([SecretInvariants.RevisionCounts]), why);
    }

    private List<string> Found() => [.. _violations.All.Select(v => v.Invariant).Distinct()];

    /// <summary>A version of the Secret: new values in Vault (or the current ones), as Syncer would write them.</summary>
    private void Write(string name, long revision, DateTimeOffset at, bool pending = false, bool newData = true)
    {
        var path = $"secret/{Ns}/p{name[1]}";
        var version = newData || _history!.Latest(path) is null ? _history!.Write(path, withK2: false) : _history.Latest(path)!;
        var annotations = new Dictionary<string, string>
        {
            [Contract.Path] = path,
            [Contract.ManagedKeys] = string.Join(",", version.Data.Keys.Order(StringComparer.Ordinal)),
            [Contract.DataRevision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Contract.SyncedAt] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (pending)
        {
            annotations[Contract.RolloutPending] = annotations[Contract.DataRevision];
        }

        _secrets!.OnVersion(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, ResourceVersion = $"{++_resourceVersion}", Annotations = annotations },
            Data = version.Data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
        });
    }

    /// <summary>A version of the Deployment web: its pod template's restarted-at and its rolled-for.</summary>
    private void Workload(DateTimeOffset? restartedAt, string? rolledFor)
    {
        var meta = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = Ns,
            ResourceVersion = $"{++_resourceVersion}",
            Annotations = rolledFor is null ? null : new Dictionary<string, string> { [Contract.RolledFor] = rolledFor },
        };
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Annotations = restartedAt is { } at
                    ? new Dictionary<string, string> { [Contract.RestartedAt] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) }
                    : null,
            },
        };
        _rollouts!.OnVersion("Deployment", meta, template);
    }
}
