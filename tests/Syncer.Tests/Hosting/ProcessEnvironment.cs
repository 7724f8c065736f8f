namespace Syncer.Tests.Hosting;

/// <summary>
/// Test classes that change what the whole process shares (environment variables such as <c>KUBECONFIG</c>, the working
/// folder): xunit runs a collection's tests one at a time, so they do not change it under each other.
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironment))]
public sealed class ProcessEnvironment;
