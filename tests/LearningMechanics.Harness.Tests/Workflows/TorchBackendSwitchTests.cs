using System.Diagnostics;
using System.Text.Json;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>
/// The CUDA build switch that gpu.yml relies on (issue #9, item 1), checked by real MSBuild evaluation of the harness
/// project (about a second each; no restore, so the CUDA package need not be served here): the default references the
/// CPU native package only, and TorchBackend=cuda, given as a property or as an environment variable, swaps in
/// TorchSharp-cuda-linux of the TorchSharp version in use.
/// </summary>
public sealed class TorchBackendSwitchTests
{
    private const string CpuPackage = "libtorch-cpu-linux-x64";
    private const string CudaPackage = "TorchSharp-cuda-linux";

    [Fact]
    public void DefaultBuildReferencesTheCpuPackageAndNeverTheCudaOne()
    {
        var evaluation = Evaluate(property: null, environment: null);
        Assert.Equal("cpu", evaluation.Backend);
        Assert.Contains(CpuPackage, evaluation.References);
        Assert.DoesNotContain(CudaPackage, evaluation.References);
    }

    [Theory]
    [InlineData("property")]
    [InlineData("environment")]
    public void CudaSwitchReplacesTheCpuPackageWithTheMatchingCudaOne(string how)
    {
        var evaluation = how == "property" ? Evaluate(property: "cuda", environment: null) : Evaluate(property: null, environment: "cuda");
        Assert.Equal("cuda", evaluation.Backend);
        Assert.Contains(CudaPackage, evaluation.References);
        Assert.DoesNotContain(CpuPackage, evaluation.References);
        Assert.Contains("TorchSharp", evaluation.References);
        // Matching version: the CUDA bundle is pinned to the TorchSharp version the managed package uses.
        Assert.Equal(evaluation.Versions["TorchSharp"], evaluation.Versions[CudaPackage]);
        Assert.Equal(evaluation.TorchSharpVersion, evaluation.Versions[CudaPackage]);
    }

    private static readonly HashSet<string> InheritedMSBuildVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
    };

    private sealed record Evaluation(string Backend, string TorchSharpVersion, IReadOnlyList<string> References, IReadOnlyDictionary<string, string> Versions);

    private static Evaluation Evaluate(string? property, string? environment)
    {
        string project = Path.Combine(RepositoryRoot.Path, "harness", "LearningMechanics.Harness", "LearningMechanics.Harness.csproj");
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (string arg in new[] { "msbuild", project, "-nologo", "-getItem:PackageReference", "-getItem:PackageVersion", "-getProperty:TorchBackend", "-getProperty:TorchSharpVersion" })
            start.ArgumentList.Add(arg);
        if (property is not null) start.ArgumentList.Add($"-p:TorchBackend={property}");

        // Only what this case sets: gpu.yml exports TorchBackend=cuda to the whole job, tests included; and MSBuild
        // variables that `dotnet test` leaves for its children would point this evaluation at another MSBuild.
        foreach (string name in start.Environment.Keys.ToList())
            if (name.Equals("TorchBackend", StringComparison.OrdinalIgnoreCase) || InheritedMSBuildVariables.Contains(name))
                start.Environment.Remove(name);
        if (environment is not null) start.Environment["TorchBackend"] = environment;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "dotnet msbuild did not finish in 120 s");
        Assert.True(process.ExitCode == 0, $"dotnet msbuild exited {process.ExitCode}: {stdout} {stderr.Result}");

        using var json = JsonDocument.Parse(stdout);
        var properties = json.RootElement.GetProperty("Properties");
        var items = json.RootElement.GetProperty("Items");
        var references = items.GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToList();
        var versions = items.GetProperty("PackageVersion").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Version").GetString()!);
        return new Evaluation(properties.GetProperty("TorchBackend").GetString()!, properties.GetProperty("TorchSharpVersion").GetString()!, references, versions);
    }

    /// <summary>The dotnet host running these tests when there is one (DOTNET_HOST_PATH), else `dotnet` from PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? fromProcess = Environment.ProcessPath;
        if (fromProcess is not null && Path.GetFileNameWithoutExtension(fromProcess) == "dotnet") return fromProcess;
        return "dotnet";
    }
}
