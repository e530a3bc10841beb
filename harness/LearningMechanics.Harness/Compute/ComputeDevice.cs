using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// Every device decision lives here: LM_DEVICE=auto|cpu|cuda (auto picks CUDA when present), TF32 off for
/// science runs, the run's random generator, and the device class used to key baselines. No other code names a device.
/// </summary>
public sealed class ComputeDevice
{
    public const string Variable = "LM_DEVICE";

    private ComputeDevice(DeviceKind kind)
    {
        Kind = kind;
        Device = kind == DeviceKind.Cuda ? torch.CUDA : torch.CPU;
    }

    public DeviceKind Kind { get; }

    public torch.Device Device { get; }

    public string Name => Kind == DeviceKind.Cuda ? "cuda" : "cpu";

    public static ComputeDevice Cpu { get; } = new(DeviceKind.Cpu);

    /// <summary>Resolves a setting ("auto", "cpu", "cuda"; null means auto) against what this machine has.</summary>
    public static ComputeDevice Resolve(string? setting)
    {
        TorchRuntime.EnsureLoaded();
        string choice = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim().ToLowerInvariant();
        bool cudaPresent = torch.cuda.is_available();
        return choice switch
        {
            "cpu" => Cpu,
            "auto" => cudaPresent ? ConfigureCuda() : Cpu,
            "cuda" when cudaPresent => ConfigureCuda(),
            "cuda" => throw new InvalidOperationException(
                $"{Variable}=cuda but CUDA is not available: build with -p:TorchBackend=cuda on a machine with an NVIDIA driver, or use {Variable}=cpu."),
            _ => throw new ArgumentException($"{Variable}='{setting}' is not a device; use auto, cpu or cuda."),
        };
    }

    public static ComputeDevice FromEnvironment() => Resolve(Environment.GetEnvironmentVariable(Variable));

    /// <summary>
    /// The run's own random generator. It lives on the CPU: data and initial weights are drawn there and then moved, so
    /// a seed gives the same network and data on every device. The global generators are left alone, so runs side by
    /// side cannot disturb each other; <see cref="GlobalRandomGuard"/> fails a run that draws from them.
    /// </summary>
    public torch.Generator Seed(long seed) => new((ulong)seed, torch.CPU);

    private static ComputeDevice ConfigureCuda()
    {
        // TF32 trades mantissa bits for speed; measured exponents and identities need full float32.
        torch.backends.cuda.matmul.allow_tf32 = false;
        torch.backends.cudnn.allow_tf32 = false;
        return new ComputeDevice(DeviceKind.Cuda);
    }
}
