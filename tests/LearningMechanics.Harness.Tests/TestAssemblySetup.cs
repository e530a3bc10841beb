using System.Runtime.CompilerServices;
using LearningMechanics.Harness.Compute;

// Torch tests share libtorch's global RNG and the machine's cores: run them one at a time (design.md, Seeds).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
// …and take turns on them with the other test assemblies `dotnet test` starts alongside (ExclusiveCores says why).
[assembly: Xunit.AssemblyFixture(typeof(ExclusiveCores))]

namespace LearningMechanics.Harness.Tests;

internal static class TestAssemblySetup
{
    /// <summary>Readies libtorch (the libstdc++ preflight) and fixes the thread count before any test touches torch.</summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        TorchRuntime.EnsureLoaded();
        Threads.Configure();
    }
}
