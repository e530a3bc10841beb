using System.Runtime.CompilerServices;
using LearningMechanics.Harness.Compute;

// Claim test classes run in parallel, as many runs at once as SideBySideRuns allows (one per core on the CPU); no run
// draws from libtorch's global generator (GlobalRandomGuard checks), so they cannot disturb each other. The assembly
// takes turns on the cores with the other test assemblies `dotnet test` starts alongside (ExclusiveCores says why).
[assembly: Xunit.AssemblyFixture(typeof(ExclusiveCores))]

namespace LearningMechanics.Predictions.Tests;

internal static class TestAssemblySetup
{
    /// <summary>Readies libtorch (the libstdc++ preflight) and fixes the thread count before any test touches torch.</summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        TorchRuntime.EnsureLoaded();
        SideBySideRuns.Configure(Threads.Configure(fallback: 1), ComputeDevice.FromEnvironment());
    }
}
