namespace Syncer.Tests.Hosting;

/// <summary>
/// Test classes that change what the whole process shares (environment variables such as <c>KUBECONFIG</c>, the working
/// folder): xunit runs this collection's tests one at a time and apart from every other test, which may read them too
/// (a test host takes the working folder for its content root).
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;
